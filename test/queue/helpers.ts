import type { QueueJobResult, QueueMetricsSink } from '../../src/queue/queue-logger.js';
import type { ReviewJob } from '../../src/queue/types.js';

/** A review job for `owner/repo#7` at head `aaa…`, with overrides. */
export function reviewJob(overrides: Partial<ReviewJob> = {}): ReviewJob {
  return { installationId: 1, owner: 'octo', repo: 'shop', pullNumber: 7, headSha: 'a'.repeat(40), trigger: 'pull_request', ...overrides };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Polls `predicate` until it holds; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** A QueueMetricsSink that remembers what it was told. */
export class RecordingMetrics implements QueueMetricsSink {
  readonly results: QueueJobResult[] = [];
  recordQueueJob(result: QueueJobResult): void {
    this.results.push(result);
  }
}

/** An error shaped like Octokit's RequestError for a 5xx. */
export function serverError(status = 502): Error & { status: number } {
  return Object.assign(new Error(`GitHub answered ${status}`), { status });
}
