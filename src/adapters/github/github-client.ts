import type { ProbotOctokit } from 'probot';

/** The installation-authenticated client every GitHub adapter takes (Probot 14: only `.rest.*`). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** A repository and one of its pull requests. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  pullNumber: number;
}

/** The HTTP status of an Octokit request error, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}
