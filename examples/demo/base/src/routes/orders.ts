import { Router } from 'express';
import { z } from 'zod';
import { pool } from '../db';
import { authenticate } from '../middleware/auth';
import { logger } from '../logger';

export const ordersRouter = Router();

const createOrder = z.object({ customerId: z.string().uuid(), items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })).min(1) });

ordersRouter.get('/', authenticate, async (req, res) => {
  const limit = Math.min(Number(req.query.limit ?? 50), 100);
  const { rows } = await pool.query('SELECT id, status, total FROM orders ORDER BY created_at DESC LIMIT $1', [limit]);
  res.json({ data: rows, limit });
});

ordersRouter.get('/:id', authenticate, async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
  if (rows.length === 0) return res.status(404).json({ error: { code: 'not_found', message: 'order not found' } });
  res.json(rows[0]);
});

ordersRouter.post('/', authenticate, async (req, res) => {
  const parsed = createOrder.safeParse(req.body);
  if (!parsed.success) return res.status(400).json({ error: { code: 'invalid_body', message: parsed.error.message } });
  const key = req.header('idempotency-key');
  const { rows } = await pool.query('INSERT INTO orders (customer_id, items, idempotency_key) VALUES ($1, $2, $3) ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key RETURNING id', [parsed.data.customerId, JSON.stringify(parsed.data.items), key]);
  logger.info({ orderId: rows[0].id }, 'order created');
  res.status(201).json({ id: rows[0].id });
});
