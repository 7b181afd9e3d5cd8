import type { ApplicationFunction, Probot } from 'probot';
import type { ReviewQueue } from '../queue/types.js';
import { onRerun, RERUN_EVENTS } from './handlers/check-rerun.js';
import { onIssueComment } from './handlers/issue-comment.js';
import { onPullRequest, PULL_REQUEST_EVENTS } from './handlers/pull-request.js';
import { runReviewJob, type AgentFactory } from './run-review-job.js';

/** `all` serves webhooks and runs reviews; `web` only enqueues; `worker` only runs reviews. */
export type AppRole = 'all' | 'web' | 'worker';

export interface AppOptions {
  queue: ReviewQueue;
  /** The agent per review (the Anthropic adapter); without one, reviews run offline. */
  agentFactory?: AgentFactory;
  role?: AppRole;
  /** Clock, for tests. */
  now?: () => Date;
  /** A long review writes its step into the check run at most this often. Default 20 s. */
  progressIntervalMs?: number;
}

/**
 * The Probot app. Webhook handlers only filter and enqueue (GitHub waits 10 s and never redelivers by
 * itself); the queue's worker runs each review with a fresh installation client.
 */
export function createApp(options: AppOptions): ApplicationFunction {
  const role = options.role ?? 'all';
  const now = options.now ?? (() => new Date());
  return (app: Probot) => {
    if (role !== 'worker') {
      app.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(context, options.queue));
      app.on('issue_comment.created', (context) => onIssueComment(context, { queue: options.queue, now }));
      app.on([...RERUN_EVENTS], (context) => onRerun(context, options.queue));
    }
    if (role !== 'web') {
      options.queue.process(async (job, { jobId, signal, attempt, lastAttempt }) => {
        // A client per job: the installation token is minted (and refreshed) by Octokit's auth, never kept raw.
        const octokit = await app.auth(job.installationId);
        const log = app.log.child({ jobId, pr: `${job.owner}/${job.repo}#${job.pullNumber}`, head: job.headSha });
        const outcome = await runReviewJob({
          octokit,
          job,
          jobId,
          signal,
          attempt,
          lastAttempt,
          now,
          progressIntervalMs: options.progressIntervalMs ?? 20_000,
          log,
          ...(options.agentFactory ? { agentFactory: options.agentFactory } : {}),
        });
        log.info({ outcome: outcome.kind, conclusion: outcome.conclusion, checkRunId: outcome.checkRunId }, 'review job finished');
      });
    }
  };
}
