import { reviewJobId, type EnqueueResult, type ReviewJob, type ReviewQueue, type ReviewWorker } from '../../../src/queue/types.js';

/**
 * A queue for tests: jobs wait until `drain()` runs them one by one, so a test decides when the review
 * happens and sees what the webhook handler alone did. Dedupe by job ID like the real queues.
 */
export class TestQueue implements ReviewQueue {
  /** Attempts per job; a job that throws on an earlier attempt runs again, like the real queues' retries. */
  attempts = 1;
  /** When set, every job's signal is already aborted with this reason (a superseded or shutting-down job). */
  abortWith: Error | undefined;
  readonly enqueued: Array<{ id: string; job: ReviewJob }> = [];
  readonly errors: unknown[] = [];
  private readonly seen = new Set<string>();
  private waiting: Array<{ id: string; job: ReviewJob }> = [];
  private worker: ReviewWorker | undefined;

  async enqueue(job: ReviewJob, options: { nonce?: string } = {}): Promise<EnqueueResult> {
    const id = reviewJobId(job, options.nonce);
    if (this.seen.has(id)) return { id, deduplicated: true };
    this.seen.add(id);
    this.enqueued.push({ id, job });
    this.waiting.push({ id, job });
    return { id, deduplicated: false };
  }

  process(worker: ReviewWorker): void {
    this.worker = worker;
  }

  /** Runs every waiting job (and any they enqueue) to the end. */
  async drain(): Promise<void> {
    if (!this.worker) throw new Error('no worker registered');
    while (this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      for (let attempt = 1; attempt <= this.attempts; attempt++) {
        const controller = new AbortController();
        if (this.abortWith) controller.abort(this.abortWith);
        try {
          await this.worker(next.job, { jobId: next.id, signal: controller.signal, attempt, lastAttempt: attempt === this.attempts });
          break;
        } catch (error) {
          this.errors.push(error);
        }
      }
    }
  }

  async depth(): Promise<number> {
    return this.waiting.length;
  }
  async ready(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}
