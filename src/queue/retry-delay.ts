/** Exponential backoff settings: `baseMs` before the 2nd attempt, doubled each time, capped at `maxMs`. */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `nextAttempt` (2 = first retry). Same curve as BullMQ's `exponential` backoff
 * (base · 2^(retry−1)) so both queues behave alike.
 */
export function retryDelayMs(nextAttempt: number, settings: BackoffSettings): number {
  const retry = Math.max(1, nextAttempt - 1);
  return Math.min(settings.maxMs, settings.baseMs * 2 ** (retry - 1));
}
