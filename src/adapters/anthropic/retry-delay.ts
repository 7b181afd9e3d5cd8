/** Where the retry policy reads `retry-after`: the SDK error's headers. */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface BackoffOptions {
  /** First backoff delay; doubles on each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  now: () => number;
}

/**
 * How long to wait before retry `attempt` (0-based): the server's `retry-after-ms` or `retry-after`
 * (seconds or an HTTP date) when present, else exponential backoff with up to 25% jitter.
 */
export function retryDelayMs(attempt: number, headers: HeaderReader | undefined, options: BackoffOptions): number {
  const server = serverDelayMs(headers, options.now);
  if (server !== undefined) return server;
  const backoff = Math.min(options.baseDelayMs * 2 ** attempt, options.maxDelayMs);
  return Math.round(backoff * (1 - options.random() * 0.25));
}

/** The delay the server asked for, or undefined when it asked for none (or nonsense). */
export function serverDelayMs(headers: HeaderReader | undefined, now: () => number): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}
