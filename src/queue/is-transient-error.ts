/**
 * Which failures are worth retrying. A review that failed because GitHub answered 502 or the network
 * dropped will probably pass a minute later; one that failed on a 404 or a bug will fail the same way
 * every time, and retrying it only delays the failed check run the author is waiting for.
 */

/** Marks an error as transient (or explicitly not) whatever its status or code says. */
export class TransientError extends Error {
  readonly transient = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Attaches `transient: true` to an existing error so the queue retries it. Returns the same error. */
export function markTransient<E extends Error>(error: E): E & { transient: true } {
  return Object.assign(error, { transient: true as const });
}

// Socket and DNS failures that a later attempt usually does not meet (node:net, undici, ioredis).
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

// 408 request timeout, 425 too early, 429 rate limited, 5xx server side (529 is Anthropic's "overloaded").
function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

// Error names of timeouts and of the SDKs' connection failures.
const TRANSIENT_NAMES: ReadonlySet<string> = new Set(['TimeoutError', 'APIConnectionError', 'APIConnectionTimeoutError', 'FetchError']);

/**
 * True when retrying the failed operation later may succeed: an error marked `transient: true`, an HTTP
 * status 408/425/429/5xx (Octokit's `RequestError`, the Anthropic SDK's `APIError`), GitHub's secondary
 * rate limit (403 with a `retry-after` header or that message), a socket/DNS error code, or a timeout.
 * `transient: false` on the error overrides everything. Causes (`error.cause`) are followed.
 */
export function isTransientError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const verdict = transientVerdict(current);
    if (verdict !== undefined) return verdict;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function transientVerdict(error: object): boolean | undefined {
  const fields = error as { transient?: unknown; status?: unknown; code?: unknown; name?: unknown; message?: unknown; response?: unknown };
  if (typeof fields.transient === 'boolean') return fields.transient;
  if (typeof fields.status === 'number') {
    if (isTransientStatus(fields.status)) return true;
    if (fields.status === 403 && isSecondaryRateLimit(fields)) return true;
    return false;
  }
  if (typeof fields.code === 'string' && TRANSIENT_CODES.has(fields.code)) return true;
  if (typeof fields.name === 'string' && TRANSIENT_NAMES.has(fields.name)) return true;
  return undefined;
}

function isSecondaryRateLimit(fields: { message?: unknown; response?: unknown }): boolean {
  const headers = (fields.response as { headers?: Record<string, unknown> } | undefined)?.headers;
  if (headers && (headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0')) return true;
  return typeof fields.message === 'string' && fields.message.toLowerCase().includes('secondary rate limit');
}

/**
 * True when a review that failed with `error` will not be tried again: the error is permanent, or
 * this was the last attempt. The worker then completes the check run as failed instead of leaving
 * it in progress for a retry that never comes.
 */
export function isFinalFailure(error: unknown, context: { lastAttempt: boolean }): boolean {
  return context.lastAttempt || !isTransientError(error);
}
