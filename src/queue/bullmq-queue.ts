/**
 * The queue on Redis (BullMQ) when REDIS_URL is set: durable, shared by any number of web and worker
 * processes. What it adds to BullMQ:
 * - dedupe: the job ID is `reviewJobId` (BullMQ ignores an add whose ID exists), and finished jobs are
 *   kept `keepFinishedSeconds` so a redelivery shortly after completion still dedupes;
 * - supersede across processes: the latest head per pull request lives in Redis (RedisCoordinator); a
 *   worker checks it before running and aborts a running job on the supersede announcement (pub/sub)
 *   or, should a message be missed, on the next poll;
 * - per-installation caps across processes: Redis leases; a job whose installation is at its cap goes
 *   back to the delayed set without spending an attempt;
 * - retries with exponential backoff for transient errors only (others fail at once);
 * - stalled-job recovery is BullMQ's: a job whose worker died loses its lock and another worker takes
 *   it over (the review reporter dedupes by hidden marker, so a review posted twice still shows once);
 * - graceful close: in-flight jobs get the deadline, then are aborted with reason `shutdown` and put
 *   back in the wait list (not a failure, no attempt spent).
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { isTransientError, markTransient } from './is-transient-error.js';
import { pullRequestKey } from './pull-request-key.js';
import { QueueUnavailableError } from './queue-unavailable-error.js';
import { SILENT_LOGGER, type QueueLogger, type QueueMetricsSink } from './queue-logger.js';
import { RedisCoordinator, parseSupersedeMessage } from './redis-coordinator.js';
import { ReviewAbortedError, abortReasonOf, supersededBy } from './review-aborted-error.js';
import { settlesWithin, withTimeout } from './with-timeout.js';
import { reviewJobId, type EnqueueResult, type QueueStats, type ReviewJob, type ReviewQueue, type ReviewWorker } from './types.js';
import { currentTraceparent, withJobSpan } from '../server/telemetry.js';

export interface BullmqQueueOptions {
  /** Redis URL (REDIS_URL). */
  url: string;
  /** BullMQ queue name. Default `backend-expert-reviews`. */
  queueName?: string;
  /** Prefix of every Redis key (BullMQ's and ours). Default `be`. */
  prefix?: string;
  /** Jobs this process runs at once. Default 2. */
  concurrency?: number;
  /** Jobs of one installation running at once across all processes. Default 2. */
  perInstallationConcurrency?: number;
  /** Attempts per job, the first included. Default 3. */
  attempts?: number;
  /** First retry delay; doubles each retry. Default 5 s. */
  backoffMs?: number;
  /** How long completed and failed jobs are kept, deduplicating redeliveries. Default 1 hour. */
  keepFinishedSeconds?: number;
  /** A job's lock; a worker that dies releases its jobs this long after. Default 30 s. */
  lockDurationMs?: number;
  /** How often each worker looks for stalled jobs. Default 30 s. */
  stalledIntervalMs?: number;
  /** Times a job may stall before it fails. Default 2. */
  maxStalledCount?: number;
  /** An enqueue that Redis has not acknowledged by then fails (GitHub gives a webhook 10 s). Default 3 s. */
  enqueueTimeoutMs?: number;
  /** Timeout of the readiness ping. Default 1 s. */
  readyTimeoutMs?: number;
  /** How often running jobs re-check their head and renew their installation lease. Default 5 s. */
  pollIntervalMs?: number;
  /** Installation lease lifetime without renewal. Default max(lock duration, 3 × poll interval). */
  leaseTtlMs?: number;
  /** When an installation is at its cap, retry the job after this long. Default 2 s. */
  slotRetryDelayMs?: number;
  /** At close, how long aborted jobs get to stop before they are returned anyway. Default 2 s. */
  abortGraceMs?: number;
  logger?: QueueLogger;
  metrics?: QueueMetricsSink;
}

/** What is stored in Redis for a job: the review plus the trace context of the webhook that asked for it. */
export interface StoredReviewJob {
  review: ReviewJob;
  /** Unique per enqueue call: tells a fresh add from a deduplicated one. */
  enqueueToken: string;
  traceparent?: string;
}

/** A finished job's return value. */
export interface ReviewJobOutcome {
  outcome: 'completed' | 'superseded';
}

interface ActiveJob {
  review: ReviewJob;
  pr: string;
  controller: AbortController;
  leased: boolean;
}

export class BullmqQueue implements ReviewQueue {
  readonly queueName: string;
  readonly prefix: string;
  private readonly settings: Required<Omit<BullmqQueueOptions, 'logger' | 'metrics' | 'url' | 'queueName' | 'prefix'>>;
  private readonly logger: QueueLogger;
  private readonly metrics: QueueMetricsSink | undefined;
  private readonly where: string;
  private readonly client: Redis;
  private readonly queue: Queue<StoredReviewJob, ReviewJobOutcome>;
  private readonly coordinator: RedisCoordinator;
  private readonly active = new Map<string, ActiveJob>();
  private readonly lastWarning = new Map<string, number>();
  private workerClient: Redis | undefined;
  private subscriber: Redis | undefined;
  private worker: Worker<StoredReviewJob, ReviewJobOutcome> | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullmqQueueOptions) {
    this.queueName = options.queueName ?? 'backend-expert-reviews';
    this.prefix = options.prefix ?? 'be';
    const lockDurationMs = options.lockDurationMs ?? 30_000;
    const pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.settings = {
      concurrency: positive(options.concurrency ?? 2, 'concurrency'),
      perInstallationConcurrency: positive(options.perInstallationConcurrency ?? 2, 'perInstallationConcurrency'),
      attempts: positive(options.attempts ?? 3, 'attempts'),
      backoffMs: options.backoffMs ?? 5_000,
      keepFinishedSeconds: options.keepFinishedSeconds ?? 3_600,
      lockDurationMs,
      stalledIntervalMs: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      enqueueTimeoutMs: options.enqueueTimeoutMs ?? 3_000,
      readyTimeoutMs: options.readyTimeoutMs ?? 1_000,
      pollIntervalMs,
      leaseTtlMs: options.leaseTtlMs ?? Math.max(lockDurationMs, 3 * pollIntervalMs),
      slotRetryDelayMs: options.slotRetryDelayMs ?? 2_000,
      abortGraceMs: options.abortGraceMs ?? 2_000,
    };
    this.logger = options.logger ?? SILENT_LOGGER;
    this.metrics = options.metrics;
    this.where = describeRedisUrl(options.url);
    // One retry per command: a web process must fail an enqueue quickly (and answer GitHub with an
    // error it can redeliver) rather than hold the webhook while Redis is away.
    this.client = new Redis(options.url, { ...CONNECTION_OPTIONS, maxRetriesPerRequest: 1 });
    this.client.on('error', (error: Error) => this.warnThrottled('redis', error, 'Redis connection error'));
    this.queue = new Queue<StoredReviewJob, ReviewJobOutcome>(this.queueName, { connection: this.client, prefix: this.prefix });
    this.queue.on('error', (error: Error) => this.warnThrottled('queue', error, 'review queue error'));
    this.coordinator = new RedisCoordinator(this.client, this.prefix);
  }

  async enqueue(job: ReviewJob, options: { nonce?: string } = {}): Promise<EnqueueResult> {
    if (this.closing) throw new QueueUnavailableError('the review queue is closed (the process is shutting down)');
    const id = reviewJobId(job, options.nonce);
    try {
      return await withTimeout(this.add(job, id), this.settings.enqueueTimeoutMs, () => new QueueUnavailableError(`Redis at ${this.where} did not accept the review job within ${this.settings.enqueueTimeoutMs} ms`));
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error;
      throw new QueueUnavailableError(`could not enqueue the review job on Redis at ${this.where}: ${(error as Error).message}`, { cause: error });
    }
  }

  private async add(review: ReviewJob, id: string): Promise<EnqueueResult> {
    // Record the head before adding: a worker that picks the new job up must already see it as the latest.
    await this.coordinator.recordHead(pullRequestKey(review), review.headSha);
    const enqueueToken = randomUUID();
    const traceparent = currentTraceparent();
    const data: StoredReviewJob = { review, enqueueToken, ...(traceparent ? { traceparent } : {}) };
    const keep = { age: this.settings.keepFinishedSeconds };
    await this.queue.add('review', data, {
      jobId: id,
      attempts: this.settings.attempts,
      backoff: { type: 'exponential', delay: this.settings.backoffMs },
      removeOnComplete: keep,
      removeOnFail: keep,
    });
    // BullMQ answers an add with an existing ID like a fresh one: the stored token tells which it was.
    const stored = await this.queue.getJob(id);
    return { id, deduplicated: stored !== undefined && stored.data.enqueueToken !== enqueueToken };
  }

  process(worker: ReviewWorker): void {
    if (this.worker) throw new Error('BullmqQueue.process() was already called');
    if (this.closing) throw new Error('BullmqQueue is closed');
    // BullMQ's blocking connection must retry forever (maxRetriesPerRequest: null).
    this.workerClient = new Redis(this.options.url, { ...CONNECTION_OPTIONS, maxRetriesPerRequest: null });
    this.workerClient.on('error', (error: Error) => this.warnThrottled('worker-redis', error, 'Redis connection error (worker)'));
    this.worker = new Worker<StoredReviewJob, ReviewJobOutcome>(this.queueName, (job, token) => this.runJob(job, token, worker), {
      connection: this.workerClient,
      prefix: this.prefix,
      concurrency: this.settings.concurrency,
      lockDuration: this.settings.lockDurationMs,
      stalledInterval: this.settings.stalledIntervalMs,
      maxStalledCount: this.settings.maxStalledCount,
    });
    this.worker.on('error', (error: Error) => this.warnThrottled('worker', error, 'review worker error'));
    this.subscribeToSupersede();
    this.pollTimer = setInterval(() => {
      this.poll().catch((error: unknown) => this.warnThrottled('poll', error, 'could not check heads / renew installation leases'));
    }, this.settings.pollIntervalMs);
    this.pollTimer.unref();
  }

  async depth(): Promise<number> {
    const stats = await this.stats();
    return stats.waiting + stats.delayed + stats.active;
  }

  async stats(): Promise<QueueStats> {
    return withTimeout(this.readStats(), this.settings.enqueueTimeoutMs, () => new QueueUnavailableError(`Redis at ${this.where} did not answer`));
  }

  private async readStats(): Promise<QueueStats> {
    const counts = await this.queue.getJobCounts('wait', 'prioritized', 'active', 'delayed');
    // The wait list is consumed from its tail: the oldest waiting job is the last element.
    const [oldest] = await this.queue.getJobs(['wait'], -1, -1);
    return {
      waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      oldestWaitingAgeMs: oldest ? Math.max(0, Date.now() - oldest.timestamp) : 0,
    };
  }

  async ready(): Promise<boolean> {
    if (this.closing || this.client.status !== 'ready') return false;
    try {
      return (await withTimeout(this.client.ping(), this.settings.readyTimeoutMs, () => new Error('ping timed out'))) === 'PONG';
    } catch {
      return false;
    }
  }

  /**
   * Stops taking jobs; running ones get `deadlineMs` to finish, then are aborted (reason `shutdown`)
   * and returned to the wait list. A worker function that ignores the signal is abandoned after
   * `abortGraceMs`: its job goes back to the queue all the same. Closes every connection.
   */
  close(deadlineMs = 20_000): Promise<void> {
    this.closing ??= this.shutDown(deadlineMs);
    return this.closing;
  }

  private async shutDown(deadlineMs: number): Promise<void> {
    clearInterval(this.pollTimer);
    if (this.worker) {
      // With Redis away nothing can be returned or completed anyway (the jobs' locks lapse and another
      // worker recovers them), and BullMQ's graceful close would wait for a reconnect: force it.
      const closed = this.worker.close(this.client.status !== 'ready');
      if (!(await settlesWithin(closed, deadlineMs))) {
        this.logger.warn({ jobIds: [...this.active.keys()] }, 'shutdown deadline reached; returning running reviews to the queue');
        for (const job of this.active.values()) job.controller.abort(new ReviewAbortedError('shutdown'));
        if (!(await settlesWithin(closed, this.settings.abortGraceMs + 2_000))) {
          this.logger.warn({}, 'review worker did not close; its jobs return to the queue when their locks expire');
        }
      }
    }
    await disconnect(this.subscriber);
    await settlesWithin(this.queue.close(), 2_000);
    await disconnect(this.workerClient);
    await disconnect(this.client);
  }

  private async runJob(job: Job<StoredReviewJob, ReviewJobOutcome>, token: string | undefined, worker: ReviewWorker): Promise<ReviewJobOutcome> {
    const { review, traceparent } = job.data;
    const jobId = job.id ?? reviewJobId(review);
    const entry: ActiveJob = { review, pr: pullRequestKey(review), controller: new AbortController(), leased: false };
    const { signal } = entry.controller;
    this.active.set(jobId, entry);
    try {
      const [latest] = await this.coordinator.latestHeads([entry.pr]);
      if (latest && latest !== review.headSha) entry.controller.abort(supersededBy(latest));
      // A superseded job only completes its check run: it does not wait for an installation slot.
      if (!signal.aborted) {
        entry.leased = await this.coordinator.acquireLease(review.installationId, jobId, this.settings.perInstallationConcurrency, this.settings.leaseTtlMs);
        if (!entry.leased) {
          await job.moveToDelayed(Date.now() + this.settings.slotRetryDelayMs, token);
          this.metrics?.recordQueueJob('deferred');
          throw new DelayedError();
        }
      }
      const attempt = job.attemptsMade + 1;
      const lastAttempt = attempt >= (job.opts.attempts ?? 1);
      const attributes = { 'review.job_id': jobId, 'review.repository': `${review.owner}/${review.repo}`, 'review.pull_number': review.pullNumber, 'review.attempt': attempt };
      await withJobSpan('review.job', traceparent, attributes, () => this.untilShutdownGivesUp(worker(review, { jobId, signal, attempt, lastAttempt }), signal));
      const aborted = abortReasonOf(signal);
      // A worker that returns after a shutdown abort stopped early: the job goes back to the queue.
      if (aborted?.kind === 'shutdown') return await this.settleFailure(job, token, entry, aborted);
      const outcome = aborted?.kind === 'superseded' ? 'superseded' : 'completed';
      this.metrics?.recordQueueJob(outcome);
      return { outcome };
    } catch (error) {
      if (error instanceof DelayedError || error instanceof WaitingError) throw error;
      return await this.settleFailure(job, token, entry, error);
    } finally {
      this.active.delete(jobId);
      if (entry.leased) {
        await this.coordinator.releaseLease(review.installationId, jobId).catch((error: unknown) => this.warnThrottled('lease', error, 'could not release an installation lease (it lapses on its own)'));
      }
    }
  }

  /** Decides what a failed attempt becomes: superseded, returned to the queue, retried or failed. */
  private async settleFailure(job: Job<StoredReviewJob, ReviewJobOutcome>, token: string | undefined, entry: ActiveJob, error: unknown): Promise<ReviewJobOutcome> {
    const aborted = abortReasonOf(entry.controller.signal);
    if (aborted?.kind === 'superseded') {
      this.metrics?.recordQueueJob('superseded');
      return { outcome: 'superseded' };
    }
    if (aborted?.kind === 'shutdown') {
      this.metrics?.recordQueueJob('returned');
      // Without the lock token the job cannot be moved back by hand: a retry brings it back instead.
      if (!token) throw markTransient(new Error('stopped by shutdown'));
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!isTransientError(error)) {
      this.logger.error({ jobId: job.id, err: error }, 'review job failed');
      this.metrics?.recordQueueJob('failed');
      const failure = error instanceof Error ? error : new Error(String(error));
      throw new UnrecoverableError(`${failure.name}: ${failure.message}`);
    }
    this.logger.warn({ jobId: job.id, attempt: job.attemptsMade + 1, err: error }, lastAttempt ? 'review job failed (transient, attempts exhausted)' : 'transient failure; review retried later');
    this.metrics?.recordQueueJob(lastAttempt ? 'failed' : 'retried');
    throw error;
  }

  /**
   * Waits for the worker, but once a shutdown abort is `abortGraceMs` old stops waiting, so the job
   * can go back to the queue even if the worker ignores its signal.
   */
  private async untilShutdownGivesUp(work: Promise<void>, signal: AbortSignal): Promise<void> {
    work.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const givenUp = new Promise<never>((_, reject) => {
      onAbort = () => {
        const reason = abortReasonOf(signal);
        if (reason?.kind !== 'shutdown') return;
        timer = setTimeout(() => reject(reason), this.settings.abortGraceMs);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    givenUp.catch(() => undefined);
    try {
      await Promise.race([work, givenUp]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  private subscribeToSupersede(): void {
    const subscriber = this.client.duplicate({ maxRetriesPerRequest: null });
    subscriber.on('error', (error: Error) => this.warnThrottled('subscriber', error, 'Redis subscriber error'));
    subscriber.on('message', (_channel: string, text: string) => {
      const message = parseSupersedeMessage(text);
      if (message) this.supersedeLocal(message.pr, message.headSha);
    });
    subscriber.subscribe(this.coordinator.supersedeChannel).catch((error: unknown) => this.warnThrottled('subscribe', error, 'could not subscribe to supersede announcements (polling still works)'));
    this.subscriber = subscriber;
  }

  private supersedeLocal(pr: string, headSha: string): void {
    for (const job of this.active.values()) {
      if (job.pr === pr && job.review.headSha !== headSha && !job.controller.signal.aborted) job.controller.abort(supersededBy(headSha));
    }
  }

  /** Catches supersedes whose announcement was missed, and keeps installation leases alive. */
  private async poll(): Promise<void> {
    const jobs = [...this.active.entries()];
    if (jobs.length === 0) return;
    const heads = await this.coordinator.latestHeads(jobs.map(([, job]) => job.pr));
    jobs.forEach(([, job], index) => {
      const latest = heads[index];
      if (latest && latest !== job.review.headSha && !job.controller.signal.aborted) job.controller.abort(supersededBy(latest));
    });
    await Promise.all(jobs.filter(([, job]) => job.leased).map(([id, job]) => this.coordinator.renewLease(job.review.installationId, id, this.settings.leaseTtlMs)));
  }

  /** Connection errors repeat every reconnect attempt: log each kind at most every 30 s. */
  private warnThrottled(kind: string, error: unknown, message: string): void {
    const now = Date.now();
    if (now - (this.lastWarning.get(kind) ?? 0) < 30_000) return;
    this.lastWarning.set(kind, now);
    this.logger.warn({ err: error, redis: this.where }, message);
  }
}

const CONNECTION_OPTIONS = {
  connectTimeout: 2_000,
  // ioredis otherwise keeps a dead socket's 2 s destroy timer alive after disconnect().
  disconnectTimeout: 200,
  retryStrategy: (times: number): number => Math.min(times * 250, 2_000),
};

async function disconnect(client: Redis | undefined): Promise<void> {
  if (!client || client.status === 'end') return;
  if (client.status === 'ready' && (await settlesWithin(client.quit(), 1_000))) return;
  client.disconnect();
}

/** The Redis URL without credentials, for messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'the configured Redis';
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer (got ${value})`);
  return value;
}
