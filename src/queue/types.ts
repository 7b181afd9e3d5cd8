/**
 * The review job queue. In-process by default; BullMQ on Redis when REDIS_URL is set. GitHub holds the
 * review state, so a job carries only what identifies the work.
 */
export type ReviewTrigger = 'pull_request' | 'command' | 'rerequest';

export interface ReviewJob {
  installationId: number;
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
  trigger: ReviewTrigger;
  /** X-GitHub-Delivery of the webhook that asked for the review, for logs and traces. */
  deliveryId?: string;
  /** Review the whole PR, not only what is new since the last reviewed head. */
  full?: boolean;
  /** The command comment to react to when done. */
  commentId?: number;
  /** Existing check run to reuse (re-runs from the Checks tab). */
  checkRunId?: number;
}

/** Job ID derived from repository, PR and head SHA (plus trigger nonce for explicit re-runs). */
export function reviewJobId(job: Pick<ReviewJob, 'owner' | 'repo' | 'pullNumber' | 'headSha'>, nonce?: string): string {
  // BullMQ forbids ':' in custom IDs.
  return [job.owner, job.repo, job.pullNumber, job.headSha, ...(nonce ? [nonce] : [])].join('__').replace(/[^A-Za-z0-9_.-]/g, '_');
}

export interface EnqueueResult {
  id: string;
  /** An identical job was already queued or running: nothing new was added. */
  deduplicated: boolean;
}

/**
 * What a worker receives: the job and a signal aborted when a newer head supersedes it or on shutdown.
 * `signal.reason` is a `ReviewAbortedError` (src/queue/review-aborted-error.ts; read it with
 * `abortReasonOf(signal)`): on `superseded` complete the check run as superseded and return; on
 * `shutdown` stop and return or throw (the job goes back to the queue; leave the check run as it is).
 * The signal may already be aborted when the worker is called (the job was superseded while queued).
 * `attempt` is 1-based; `lastAttempt` is true when a failure now is final (no retry follows), so the
 * worker completes the check run as failed instead of leaving it in progress. Throw an error for which
 * `isTransientError` is true to have the job retried with backoff; any other error fails it at once.
 */
export type ReviewWorker = (job: ReviewJob, context: { jobId: string; signal: AbortSignal; attempt: number; lastAttempt: boolean }) => Promise<void>;

/** A point-in-time view of the queue for metrics. */
export interface QueueStats {
  waiting: number;
  active: number;
  /** Waiting for a retry backoff or for an installation slot. */
  delayed: number;
  /** Age of the oldest job waiting to start, in milliseconds (0 when none waits). */
  oldestWaitingAgeMs: number;
}

export interface ReviewQueue {
  enqueue(job: ReviewJob, options?: { nonce?: string }): Promise<EnqueueResult>;
  /** Start consuming with this worker (worker and all roles). */
  process(worker: ReviewWorker): void;
  /** Waiting (including delayed retries) + active jobs. */
  depth(): Promise<number>;
  /** Depth by state and the oldest waiting job's age (both shipped queues implement it). */
  stats?(): Promise<QueueStats>;
  /** True when the queue's backend answers (Redis reachable). */
  ready(): Promise<boolean>;
  /** Stop taking jobs, let in-flight ones finish up to the deadline, return the rest, close connections. */
  close(deadlineMs?: number): Promise<void>;
}
