import type { Context } from 'probot';
import { CHECK_NAME, RERUN_ACTION } from '../../adapters/github/check-run-reporter.js';
import { findOpenPullRequestsByHead } from '../../adapters/github/find-pull-requests.js';
import type { ReviewQueue } from '../../queue/types.js';

/** Re-runs from the Checks tab: the check run's "Re-run", the suite's "Re-run all", and our button. */
export const RERUN_EVENTS = ['check_run.rerequested', 'check_run.requested_action', 'check_suite.rerequested'] as const;

type RerunContext = Context<(typeof RERUN_EVENTS)[number]>;

interface PullRequestStub {
  number: number;
  base: { repo: { id: number } };
}

/**
 * Starts a new full review of the head the re-run was asked for. GitHub lets only people with write
 * access re-run checks, so no permission check is needed. Fork PRs come with no `pull_requests`: the PR
 * is found by head SHA.
 */
export async function onRerun(context: RerunContext, queue: ReviewQueue): Promise<void> {
  const payload = context.payload;
  const installationId = payload.installation?.id;
  if (installationId === undefined) return;
  let headSha: string;
  let stubs: PullRequestStub[];
  if ('check_run' in payload) {
    if (payload.check_run.name !== CHECK_NAME) return;
    if (payload.action === 'requested_action' && payload.requested_action?.identifier !== RERUN_ACTION.identifier) return;
    headSha = payload.check_run.head_sha;
    stubs = payload.check_run.pull_requests;
  } else {
    headSha = payload.check_suite.head_sha;
    stubs = payload.check_suite.pull_requests;
  }
  const repository = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const own = stubs.filter((stub) => stub.base.repo.id === payload.repository.id).map((stub) => stub.number);
  const numbers = own.length > 0 ? own : await findOpenPullRequestsByHead(context.octokit, repository, headSha);
  for (const pullNumber of numbers) {
    await queue.enqueue(
      { installationId, ...repository, pullNumber, headSha, trigger: 'rerequest', deliveryId: context.id, full: true },
      { nonce: `rerun-${context.id}` },
    );
  }
}
