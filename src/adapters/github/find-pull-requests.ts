import type { GitHubClient } from './github-client.js';

/**
 * Open pull requests of this repository whose head is `sha`. Check events on fork PRs carry no
 * `pull_requests` (and `head_branch` null): the commit API knows same-repository PRs; the open PR list
 * (paginated) finds fork PRs.
 */
export async function findOpenPullRequestsByHead(octokit: GitHubClient, repository: { owner: string; repo: string }, sha: string): Promise<number[]> {
  const associated = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repository, commit_sha: sha, per_page: 100 });
  const direct = associated.data.filter((pr) => pr.state === 'open' && pr.head.sha === sha).map((pr) => pr.number);
  if (direct.length > 0) return direct;
  const open = await octokit.paginate(octokit.rest.pulls.list, { ...repository, state: 'open', per_page: 100 });
  return open.filter((pr) => pr.head.sha === sha).map((pr) => pr.number);
}
