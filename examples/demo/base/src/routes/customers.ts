import { Router } from 'express';
import { pool } from '../db';
import { authenticate } from '../middleware/auth';

export const customersRouter = Router();

customersRouter.get('/:id', authenticate, async (req, res) => {
  const { rows } = await pool.query('SELECT id, name, email FROM customers WHERE id = $1', [req.params.id]);
  if (rows.length === 0) return res.status(404).json({ error: { code: 'not_found', message: 'customer not found' } });
  res.json(rows[0]);
});
