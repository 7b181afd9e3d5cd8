import type { ApplicationFunction, Probot } from 'probot';
import type { GitHubClient } from '../adapters/github/github-client.js';
import type { ReviewQueue, ReviewWorker } from '../queue/types.js';
import { eventKey, guardWebhook, logIgnored } from './guard-webhook.js';
import { onRerun, RERUN_EVENTS } from './handlers/check-rerun.js';
import { onIssueComment } from './handlers/issue-comment.js';
import { onPullRequest, PULL_REQUEST_EVENTS } from './handlers/pull-request.js';
import { screenDeliveries } from './screen-deliveries.js';
import { checkRunEventSchema, checkSuiteEventSchema, issueCommentEventSchema, pullRequestEventSchema } from './handlers/webhook-schemas.js';
import { runReviewJob, type AgentFactory, type JobLogger } from './run-review-job.js';

/** Every `event.action` a handler is registered for; any other delivery is logged as ignored. */
const HANDLED_EVENTS: ReadonlySet<string> = new Set([...PULL_REQUEST_EVENTS, 'issue_comment.created', ...RERUN_EVENTS]);

/** `all` serves webhooks and runs reviews; `web` only enqueues; `worker` only runs reviews. */
export type AppRole = 'all' | 'web' | 'worker';

export interface ReviewWorkerOptions {
  /** The agent per review (the Anthropic adapter); without one, reviews run offline. */
  agentFactory?: AgentFactory;
  /** Clock, for tests. */
  now?: () => Date;
  /** A long review writes its step into the check run at most this often. Default 20 s. */
  progressIntervalMs?: number;
}

export interface AppOptions extends ReviewWorkerOptions {
  queue: ReviewQueue;
  role?: AppRole;
}

/** The logger a worker needs: Probot's pino logger, with `child` for per-job bindings. */
export interface WorkerLogger extends JobLogger {
  child(bindings: Record<string, unknown>): WorkerLogger;
}

/**
 * The queue's worker: one review per job, with a client minted for the job's installation (Octokit's
 * app auth mints and refreshes installation tokens; no raw token is kept across a run). Used by the
 * app in the `all` role and by worker-only processes (src/server/start-worker-role.ts).
 */
export function createReviewWorker(
  auth: (installationId: number) => Promise<GitHubClient>,
  log: WorkerLogger,
  options: ReviewWorkerOptions = {},
): ReviewWorker {
  const now = options.now ?? (() => new Date());
  return async (job, { jobId, signal, attempt, lastAttempt }) => {
    const octokit = await auth(job.installationId);
    const jobLog = log.child({ jobId, delivery: job.deliveryId, pr: `${job.owner}/${job.repo}#${job.pullNumber}`, head: job.headSha, trigger: job.trigger });
    const outcome = await runReviewJob({
      octokit,
      job,
      jobId,
      signal,
      attempt,
      lastAttempt,
      now,
      progressIntervalMs: options.progressIntervalMs ?? 20_000,
      log: jobLog,
      ...(options.agentFactory ? { agentFactory: options.agentFactory } : {}),
    });
    // One line per job: how it ended and, for a failure, why and what became of its check run.
    const fields = { outcome: outcome.kind, conclusion: outcome.conclusion, checkRunId: outcome.checkRunId };
    if (outcome.kind !== 'failed') jobLog.info(fields, 'review job finished');
    else {
      const message = outcome.lostAccess ? 'review failed: the installation cannot act on this repository' : 'review failed';
      jobLog.warn({ ...fields, ...outcome.failure, checkRun: outcome.checkRun }, message);
    }
  };
}

/**
 * The Probot app. Webhook handlers only filter and enqueue (GitHub waits 10 s and never redelivers by
 * itself); the queue's worker runs each review.
 */
export function createApp(options: AppOptions): ApplicationFunction {
  const role = options.role ?? 'all';
  const now = options.now ?? (() => new Date());
  return (app: Probot) => {
    if (role !== 'worker') {
      screenDeliveries(app.webhooks, app.log);
      // Each handler behind its edge: payload checked, errors logged once, never a 5xx for GitHub.
      app.on([...PULL_REQUEST_EVENTS], guardWebhook(pullRequestEventSchema, (context) => onPullRequest(context, options.queue)));
      app.on('issue_comment.created', guardWebhook(issueCommentEventSchema, (context) => onIssueComment(context, { queue: options.queue, now })));
      app.on(['check_run.rerequested', 'check_run.requested_action'], guardWebhook(checkRunEventSchema, (context) => onRerun(context, options.queue)));
      app.on('check_suite.rerequested', guardWebhook(checkSuiteEventSchema, (context) => onRerun(context, options.queue)));
      app.onAny((event) => {
        if (!HANDLED_EVENTS.has(eventKey(event))) logIgnored(app.log, event);
      });
    }
    if (role !== 'web') options.queue.process(createReviewWorker((id) => app.auth(id), app.log, { ...options, now }));
  };
}
