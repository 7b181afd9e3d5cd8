import { createHash } from 'node:crypto';

/** A short, stable hash of some text pieces (signatures, fingerprints, job IDs). */
export function stableHash(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 16);
}
