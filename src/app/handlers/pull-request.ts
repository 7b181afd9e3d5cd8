import type { Context } from 'probot';
import type { ReviewQueue } from '../../queue/types.js';

/** The pull_request actions that start a review. */
export const PULL_REQUEST_EVENTS = [
  'pull_request.opened',
  'pull_request.reopened',
  'pull_request.synchronize',
  'pull_request.ready_for_review',
  'pull_request.edited',
] as const;

type PullRequestContext = Context<(typeof PULL_REQUEST_EVENTS)[number]>;

/**
 * Answers at once: the review runs from the queue (GitHub waits 10 s for a webhook answer). `edited`
 * counts only when the base branch changed (a retargeted PR has a new merge base and diff).
 */
export async function onPullRequest(context: PullRequestContext, queue: ReviewQueue): Promise<void> {
  const payload = context.payload;
  if (payload.action === 'edited' && !payload.changes?.base) return;
  if (payload.pull_request.state !== 'open') return;
  const installationId = payload.installation?.id;
  if (installationId === undefined) return;
  // Pushes review incrementally; every other action asks for a full review. Jobs of one head dedupe,
  // except explicit actions on a head already seen (ready_for_review after a skipped draft).
  const dedupeByHead = payload.action === 'synchronize' || payload.action === 'opened';
  await queue.enqueue(
    {
      installationId,
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      pullNumber: payload.pull_request.number,
      headSha: payload.pull_request.head.sha,
      trigger: 'pull_request',
      deliveryId: context.id,
      ...(payload.action === 'synchronize' ? {} : { full: true }),
    },
    dedupeByHead ? {} : { nonce: `${payload.action}-${context.id}` },
  );
}
