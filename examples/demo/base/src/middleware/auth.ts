import type { NextFunction, Request, Response } from 'express';
import { verifyToken } from '../services/tokens';

export async function authenticate(req: Request, res: Response, next: NextFunction): Promise<void> {
  const token = req.header('authorization')?.replace(/^Bearer /, '');
  if (!token || !(await verifyToken(token))) {
    res.status(401).json({ error: { code: 'unauthorized', message: 'missing or invalid token' } });
    return;
  }
  next();
}
