import { ProbotOctokit } from 'probot';
import type { GitHubClient } from '../../../src/adapters/github/github-client.js';

/** An installation client for adapter tests: a fixed token, no retries, no throttling. */
export function testOctokit(): GitHubClient {
  const Octokit = ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } });
  return new Octokit({ auth: { token: 'ghs_testtoken' } });
}
