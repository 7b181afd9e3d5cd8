/**
 * The default queue: one process, no setup. Bounded concurrency, a cap per installation so one busy
 * organisation cannot take every slot, dedupe by job ID, supersede of older heads, and retries with
 * exponential backoff for transient failures. Jobs live in memory only: on close, queued jobs are
 * lost (logged); set REDIS_URL for a durable queue shared by several processes.
 */
import { HeadRegistry } from './head-registry.js';
import { isTransientError } from './is-transient-error.js';
import { pullRequestKey } from './pull-request-key.js';
import { QueueUnavailableError } from './queue-unavailable-error.js';
import { SILENT_LOGGER, type QueueJobResult, type QueueLogger, type QueueMetricsSink } from './queue-logger.js';
import { retryDelayMs, type BackoffSettings } from './retry-delay.js';
import { ReviewAbortedError, abortReasonOf, supersededBy } from './review-aborted-error.js';
import { settlesWithin } from './with-timeout.js';
import { reviewJobId, type EnqueueResult, type QueueStats, type ReviewJob, type ReviewQueue, type ReviewWorker } from './types.js';
import { currentTraceparent, withJobSpan } from '../server/telemetry.js';

export interface InProcessQueueOptions {
  /** Reviews running at once. Default 2. */
  concurrency?: number;
  /** Reviews of one installation running at once. Default: `concurrency`. */
  perInstallationConcurrency?: number;
  /** Attempts per job, the first included. Default 3. */
  attempts?: number;
  /** Retry backoff. Default 2 s doubling, at most 60 s. */
  backoff?: Partial<BackoffSettings>;
  /** How long a finished job's ID keeps deduplicating redeliveries. Default 1 hour. */
  dedupeWindowMs?: number;
  /** After the close deadline, how long aborted jobs get to stop. Default 2 s. */
  abortGraceMs?: number;
  logger?: QueueLogger;
  metrics?: QueueMetricsSink;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  id: string;
  job: ReviewJob;
  pr: string;
  state: 'waiting' | 'delayed' | 'active';
  /** 1-based attempt that runs next (or is running). */
  attempt: number;
  controller: AbortController;
  /** When the job was enqueued or became due again after a backoff. */
  waitingSince: number;
  traceparent?: string;
  timer?: NodeJS.Timeout;
}

export class InProcessQueue implements ReviewQueue {
  private readonly concurrency: number;
  private readonly perInstallation: number;
  private readonly attempts: number;
  private readonly backoff: BackoffSettings;
  private readonly dedupeWindowMs: number;
  private readonly abortGraceMs: number;
  private readonly logger: QueueLogger;
  private readonly metrics: QueueMetricsSink | undefined;
  private readonly now: () => number;

  /** Queued, delayed and active jobs; insertion order is the order waiting jobs start in. */
  private readonly entries = new Map<string, Entry>();
  /** Finished job IDs and when they finished, for dedupe. */
  private readonly finished = new Map<string, number>();
  private readonly heads = new HeadRegistry();
  private readonly activeByInstallation = new Map<number, number>();
  private readonly running = new Set<Promise<void>>();
  private activeCount = 0;
  private worker: ReviewWorker | undefined;
  private closing: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(options: InProcessQueueOptions = {}) {
    this.concurrency = positive(options.concurrency ?? 2, 'concurrency');
    this.perInstallation = positive(options.perInstallationConcurrency ?? this.concurrency, 'perInstallationConcurrency');
    this.attempts = positive(options.attempts ?? 3, 'attempts');
    this.backoff = { baseMs: options.backoff?.baseMs ?? 2_000, maxMs: options.backoff?.maxMs ?? 60_000 };
    this.dedupeWindowMs = options.dedupeWindowMs ?? 60 * 60 * 1000;
    this.abortGraceMs = options.abortGraceMs ?? 2_000;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.metrics = options.metrics;
    this.now = options.now ?? Date.now;
  }

  async enqueue(job: ReviewJob, options: { nonce?: string } = {}): Promise<EnqueueResult> {
    if (this.closing) throw new QueueUnavailableError('the review queue is closed (the process is shutting down)');
    const id = reviewJobId(job, options.nonce);
    this.forgetExpired();
    if (this.entries.has(id) || this.finished.has(id)) return { id, deduplicated: true };
    const pr = pullRequestKey(job);
    const traceparent = currentTraceparent();
    const entry: Entry = { id, job, pr, state: 'waiting', attempt: 1, controller: new AbortController(), waitingSince: this.now(), ...(traceparent ? { traceparent } : {}) };
    this.entries.set(id, entry);
    if (this.heads.record(pr, job.headSha)) this.supersedeOlder(pr, job.headSha);
    this.pump();
    return { id, deduplicated: false };
  }

  process(worker: ReviewWorker): void {
    if (this.worker) throw new Error('InProcessQueue.process() was already called');
    this.worker = worker;
    this.pump();
  }

  async depth(): Promise<number> {
    return this.entries.size;
  }

  async stats(): Promise<QueueStats> {
    let waiting = 0;
    let delayed = 0;
    let oldest: number | undefined;
    for (const entry of this.entries.values()) {
      if (entry.state === 'waiting') {
        waiting += 1;
        oldest = Math.min(oldest ?? entry.waitingSince, entry.waitingSince);
      } else if (entry.state === 'delayed') delayed += 1;
    }
    return { waiting, active: this.activeCount, delayed, oldestWaitingAgeMs: oldest === undefined ? 0 : Math.max(0, this.now() - oldest) };
  }

  async ready(): Promise<boolean> {
    return !this.closing;
  }

  /** Resolves when no job is queued, delayed or running (tests, benchmarks). */
  onIdle(): Promise<void> {
    if (this.entries.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking jobs. Running jobs get `deadlineMs` to finish; then their signals abort with reason
   * `shutdown` and they get a short grace. Queued jobs cannot be returned anywhere in memory: they are
   * dropped with a warning that names them.
   */
  close(deadlineMs = 10_000): Promise<void> {
    this.closing ??= this.shutDown(deadlineMs);
    return this.closing;
  }

  private async shutDown(deadlineMs: number): Promise<void> {
    const dropped: string[] = [];
    for (const entry of [...this.entries.values()]) {
      if (entry.state === 'active') continue;
      clearTimeout(entry.timer);
      this.entries.delete(entry.id);
      dropped.push(entry.id);
    }
    if (dropped.length > 0) this.logger.warn({ jobIds: dropped }, 'in-process review queue closed with queued reviews; they are lost (set REDIS_URL for a durable queue)');
    const all = Promise.all(this.running);
    if (!(await settlesWithin(all, deadlineMs))) {
      for (const entry of this.entries.values()) entry.controller.abort(new ReviewAbortedError('shutdown'));
      if (!(await settlesWithin(all, this.abortGraceMs))) {
        this.logger.warn({ jobIds: [...this.entries.keys()] }, 'reviews still running after the shutdown deadline');
      }
    }
    this.notifyIdle();
  }

  private pump(): void {
    if (!this.worker || this.closing) return;
    for (const entry of this.entries.values()) {
      if (this.activeCount >= this.concurrency) return;
      if (entry.state !== 'waiting') continue;
      const latest = this.heads.latest(entry.pr);
      if (latest !== undefined && latest !== entry.job.headSha && !entry.controller.signal.aborted) entry.controller.abort(supersededBy(latest));
      // A superseded job only completes its check run: it does not wait for an installation slot.
      if (!entry.controller.signal.aborted && this.installationLoad(entry.job.installationId) >= this.perInstallation) continue;
      this.start(entry, this.worker);
    }
  }

  private start(entry: Entry, worker: ReviewWorker): void {
    entry.state = 'active';
    this.activeCount += 1;
    const installationId = entry.job.installationId;
    this.activeByInstallation.set(installationId, this.installationLoad(installationId) + 1);
    const run = this.runAttempt(entry, worker).finally(() => {
      this.activeCount -= 1;
      const load = this.installationLoad(installationId) - 1;
      if (load > 0) this.activeByInstallation.set(installationId, load);
      else this.activeByInstallation.delete(installationId);
      this.running.delete(run);
      this.pump();
      this.notifyIdle();
    });
    this.running.add(run);
  }

  private async runAttempt(entry: Entry, worker: ReviewWorker): Promise<void> {
    const { id, job, controller } = entry;
    const lastAttempt = entry.attempt >= this.attempts;
    const attributes = { 'review.job_id': id, 'review.repository': `${job.owner}/${job.repo}`, 'review.pull_number': job.pullNumber, 'review.attempt': entry.attempt };
    try {
      await withJobSpan('review.job', entry.traceparent, attributes, () => worker(job, { jobId: id, signal: controller.signal, attempt: entry.attempt, lastAttempt }));
      const aborted = abortReasonOf(controller.signal);
      // A worker that returns after a shutdown abort stopped early: it did not finish the review.
      if (aborted?.kind === 'shutdown') return this.drop(entry);
      this.finish(entry, aborted?.kind === 'superseded' ? 'superseded' : 'completed');
    } catch (error) {
      const aborted = abortReasonOf(controller.signal);
      if (aborted?.kind === 'superseded') return this.finish(entry, 'superseded');
      if (aborted?.kind === 'shutdown') return this.drop(entry);
      if (!lastAttempt && !this.closing && isTransientError(error)) return this.scheduleRetry(entry, error);
      this.logger.error({ jobId: id, attempt: entry.attempt, err: error }, 'review job failed');
      this.finish(entry, 'failed');
    }
  }

  private scheduleRetry(entry: Entry, error: unknown): void {
    entry.attempt += 1;
    entry.state = 'delayed';
    const delay = retryDelayMs(entry.attempt, this.backoff);
    this.logger.warn({ jobId: entry.id, nextAttempt: entry.attempt, delayMs: delay, err: error }, 'transient failure; review retried later');
    this.metrics?.recordQueueJob('retried');
    entry.timer = setTimeout(() => this.makeDue(entry), delay);
    entry.timer.unref();
  }

  /** A delayed entry becomes waiting again, at the back of the line. */
  private makeDue(entry: Entry): void {
    clearTimeout(entry.timer);
    delete entry.timer;
    if (this.entries.get(entry.id) !== entry || entry.state !== 'delayed') return;
    this.entries.delete(entry.id);
    entry.state = 'waiting';
    entry.waitingSince = this.now();
    this.entries.set(entry.id, entry);
    this.pump();
  }

  /** A review stopped by shutdown: nothing durable to return it to. */
  private drop(entry: Entry): void {
    this.entries.delete(entry.id);
    this.logger.warn({ jobId: entry.id }, 'review stopped by shutdown; the in-process queue cannot return it');
    this.metrics?.recordQueueJob('returned');
  }

  private finish(entry: Entry, result: QueueJobResult): void {
    this.entries.delete(entry.id);
    this.finished.set(entry.id, this.now());
    this.metrics?.recordQueueJob(result);
  }

  private supersedeOlder(pr: string, newHeadSha: string): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.pr !== pr || entry.job.headSha === newHeadSha || entry.controller.signal.aborted) continue;
      entry.controller.abort(supersededBy(newHeadSha));
      // Do not make a superseded job sit out its backoff: it only has to report itself superseded.
      if (entry.state === 'delayed') this.makeDue(entry);
    }
  }

  private installationLoad(installationId: number): number {
    return this.activeByInstallation.get(installationId) ?? 0;
  }

  private forgetExpired(): void {
    const cutoff = this.now() - this.dedupeWindowMs;
    for (const [id, finishedAt] of this.finished) {
      // Map order is finishing order: the first one still inside the window ends the scan.
      if (finishedAt > cutoff) break;
      this.finished.delete(id);
    }
  }

  private notifyIdle(): void {
    if (this.entries.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer (got ${value})`);
  return value;
}
