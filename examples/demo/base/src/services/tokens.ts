import { createHmac } from 'node:crypto';

export async function verifyToken(token: string): Promise<boolean> {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return false;
  const expected = createHmac('sha256', process.env.TOKEN_SECRET ?? '').update(payload).digest('base64url');
  return expected === signature;
}
