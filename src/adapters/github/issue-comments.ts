import { MAX_COMMENT_BODY } from '../../core/render/review-comments.js';
import type { GitHubClient, PullRequestRef } from './github-client.js';

/** Issue-level comments and reactions on a pull request (conversation tab). */

export type ReactionContent = 'eyes' | 'rocket' | 'confused' | '+1' | '-1';

/** Adds a reaction to a comment; an existing identical reaction answers 200, so redeliveries are harmless. */
export async function react(octokit: GitHubClient, repository: { owner: string; repo: string }, commentId: number, content: ReactionContent): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ ...repository, comment_id: commentId, content });
}

/** Posts a comment on the pull request's conversation. */
export async function reply(octokit: GitHubClient, pr: PullRequestRef, body: string): Promise<void> {
  await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.pullNumber, body: clipBody(body) });
}

/** The first comment by a bot that carries `marker`, if any (every page is read). */
export async function findMarkedComment(octokit: GitHubClient, pr: PullRequestRef, marker: string): Promise<{ id: number } | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.pullNumber, per_page: 100 });
  const found = comments.find((comment) => comment.user?.type === 'Bot' && (comment.body ?? '').includes(marker));
  return found ? { id: found.id } : undefined;
}

/** Creates the comment carrying `marker`, or updates it in place when it exists (the sticky summary). */
export async function upsertMarkedComment(octokit: GitHubClient, pr: PullRequestRef, marker: string, body: string): Promise<void> {
  const existing = await findMarkedComment(octokit, pr, marker);
  const text = clipBody(`${body}\n\n${marker}`, marker);
  if (existing) await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing.id, body: text });
  else await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.pullNumber, body: text });
}

function clipBody(body: string, keepSuffix = ''): string {
  if (body.length <= MAX_COMMENT_BODY) return body;
  return `${body.slice(0, MAX_COMMENT_BODY - keepSuffix.length - 4)}\n…${keepSuffix ? `\n${keepSuffix}` : ''}`;
}
