import type { Context } from 'probot';
import { CHECK_NAME } from '../../adapters/github/check-run-reporter.js';
import { httpStatus, type GitHubClient, type PullRequestRef } from '../../adapters/github/github-client.js';
import { findMarkedComment, react, reply } from '../../adapters/github/issue-comments.js';
import { loadTrustedConfig } from '../../adapters/github/load-config.js';
import { isPaused, pauseReviews, resumeReviews } from '../../adapters/github/pause-label.js';
import { ConfigError } from '../../core/config/parse-config.js';
import { defaultConfig, type Config } from '../../core/config/schema.js';
import { DENIED_REPLY_MARKER } from '../../core/render/review-comments.js';
import type { ReviewQueue } from '../../queue/types.js';
import { renderCooldown, renderDenied, renderHelp } from '../commands/command-replies.js';
import { parseCommand } from '../commands/parse-command.js';

/** Roles that may start paid work (`maintain` shows as `write` in `permission`, so `role_name` is read too). */
const TRUSTED_ROLES = new Set(['admin', 'maintain', 'write']);

export interface CommandDependencies {
  queue: ReviewQueue;
  now: () => Date;
}

/**
 * `/expert review|help|pause|resume` on pull requests. Bots (this app included) are ignored entirely;
 * only people with write, maintain or admin permission are obeyed (checked with the collaborator API:
 * `author_association` hides private members); others get one polite reply per pull request.
 */
export async function onIssueComment(context: Context<'issue_comment.created'>, deps: CommandDependencies): Promise<void> {
  const payload = context.payload;
  if (!payload.issue.pull_request || payload.issue.state !== 'open') return;
  const user = payload.comment.user?.login;
  if (!user || payload.sender.type === 'Bot' || payload.comment.user?.type === 'Bot') return;
  const installationId = payload.installation?.id;
  if (installationId === undefined) return;
  const octokit = context.octokit;
  const repository = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const pr: PullRequestRef = { ...repository, pullNumber: payload.issue.number };

  const config = await commandConfig(octokit, repository);
  const command = parseCommand(payload.comment.body, config.commands.prefix);
  if (!command) return;
  if (!(await hasWriteAccess(octokit, repository, user))) {
    if (!(await findMarkedComment(octokit, pr, DENIED_REPLY_MARKER))) await reply(octokit, pr, renderDenied(config, user));
    return;
  }

  const commentId = payload.comment.id;
  if (command.name === 'review') {
    const { data: pull } = await octokit.rest.pulls.get({ ...repository, pull_number: pr.pullNumber });
    const wait = await cooldownSeconds(octokit, repository, pull.head.sha, config, deps.now());
    if (wait > 0) {
      await reply(octokit, pr, renderCooldown(config, wait));
      return;
    }
    await react(octokit, repository, commentId, 'eyes');
    await deps.queue.enqueue(
      { installationId, ...repository, pullNumber: pr.pullNumber, headSha: pull.head.sha, trigger: 'command', deliveryId: context.id, full: true, commentId },
      { nonce: `command-${commentId}` },
    );
    return;
  }
  await react(octokit, repository, commentId, 'eyes');
  if (command.name === 'pause') await pauseReviews(octokit, pr);
  else if (command.name === 'resume') await resumeReviews(octokit, pr);
  else await reply(octokit, pr, renderHelp(config, { paused: isPaused(payload.issue.labels), ...(command.unknown ? { unknown: command.unknown } : {}) }));
  await react(octokit, repository, commentId, '+1');
}

/** The trusted configuration; an invalid one still lets commands answer (the review's check run names the error). */
async function commandConfig(octokit: GitHubClient, repository: { owner: string; repo: string }): Promise<Config> {
  try {
    return (await loadTrustedConfig(octokit, repository)).config;
  } catch (error) {
    if (error instanceof ConfigError) return defaultConfig();
    throw error;
  }
}

async function hasWriteAccess(octokit: GitHubClient, repository: { owner: string; repo: string }, username: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repository, username });
    return TRUSTED_ROLES.has(data.role_name) || data.permission === 'admin' || data.permission === 'write';
  } catch (error) {
    if (httpStatus(error) === 404) return false;
    throw error;
  }
}

/**
 * Seconds left before another command review, or 0. The state is GitHub's: the start of our latest check
 * run on the PR's head (any trigger), so every process agrees.
 */
async function cooldownSeconds(octokit: GitHubClient, repository: { owner: string; repo: string }, headSha: string, config: Config, now: Date): Promise<number> {
  const cooldownMs = config.commands.cooldown_seconds * 1000;
  if (cooldownMs === 0) return 0;
  const { data } = await octokit.rest.checks.listForRef({ ...repository, ref: headSha, check_name: CHECK_NAME, filter: 'latest', per_page: 1 });
  const started = data.check_runs[0]?.started_at;
  if (!started) return 0;
  const elapsed = now.getTime() - new Date(started).getTime();
  return elapsed >= cooldownMs ? 0 : Math.ceil((cooldownMs - elapsed) / 1000);
}
