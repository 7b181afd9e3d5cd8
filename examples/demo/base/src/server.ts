import express from 'express';
import { logger } from './logger';
import { pool } from './db';
import { ordersRouter } from './routes/orders';
import { customersRouter } from './routes/customers';
import { requestId } from './middleware/request-id';

const app = express();
app.use(express.json());
app.use(requestId);

const prefix = process.env.API_PREFIX ?? '/api/v1';
app.use(`${prefix}/orders`, ordersRouter);
app.use(`${prefix}/customers`, customersRouter);

app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
app.get('/readyz', async (_req, res) => {
  await pool.query('SELECT 1');
  res.json({ status: 'ready' });
});

const server = app.listen(Number(process.env.PORT ?? 3000), () => logger.info('orders service listening'));

process.on('SIGTERM', () => {
  server.close(() => pool.end());
});
