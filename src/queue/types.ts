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

/** What a worker receives: the job and a signal aborted when a newer head supersedes it or on shutdown. */
export type ReviewWorker = (job: ReviewJob, context: { jobId: string; signal: AbortSignal; attempt: number }) => Promise<void>;

export interface ReviewQueue {
  enqueue(job: ReviewJob, options?: { nonce?: string }): Promise<EnqueueResult>;
  /** Start consuming with this worker (worker and all roles). */
  process(worker: ReviewWorker): void;
  /** Waiting + active jobs. */
  depth(): Promise<number>;
  /** True when the queue's backend answers (Redis reachable). */
  ready(): Promise<boolean>;
  /** Stop taking jobs, let in-flight ones finish up to the deadline, return the rest, close connections. */
  close(deadlineMs?: number): Promise<void>;
}
