import { httpStatus, type GitHubClient, type PullRequestRef } from './github-client.js';

/**
 * Pause state lives on GitHub as a label on the pull request: every process sees it, people can see and
 * remove it by hand, and `pull_request` payloads carry labels, so checking it costs no request.
 */
export const PAUSE_LABEL = 'backend-expert:paused';

/** True when the pull request carries the pause label. */
export function isPaused(labels: ReadonlyArray<{ name?: string }> | undefined): boolean {
  return (labels ?? []).some((label) => label.name === PAUSE_LABEL);
}

/** Stops automatic reviews on the pull request (GitHub creates the label on first use). */
export async function pauseReviews(octokit: GitHubClient, pr: PullRequestRef): Promise<void> {
  await octokit.rest.issues.addLabels({ owner: pr.owner, repo: pr.repo, issue_number: pr.pullNumber, labels: [PAUSE_LABEL] });
}

/** Restarts automatic reviews; resuming a pull request that is not paused is harmless. */
export async function resumeReviews(octokit: GitHubClient, pr: PullRequestRef): Promise<void> {
  try {
    await octokit.rest.issues.removeLabel({ owner: pr.owner, repo: pr.repo, issue_number: pr.pullNumber, name: PAUSE_LABEL });
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
  }
}
