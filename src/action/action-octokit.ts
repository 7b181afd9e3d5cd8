import { ProbotOctokit } from 'probot';
import type { GitHubClient } from '../adapters/github/github-client.js';
import type { ActionCore } from './action-inputs.js';

/** Retry and throttling switches (tests turn both off). */
export interface OctokitPlugins {
  retry?: { enabled: boolean };
  throttle?: { enabled: boolean };
}

/**
 * The client every GitHub adapter takes, authenticated with the workflow's token: Probot's Octokit (the
 * app's, with `.rest`, `.paginate`, `.graphql` and `.config`), pointed at `GITHUB_API_URL` so that
 * GitHub Enterprise Server works too, logging through the Actions log.
 */
export function createActionOctokit(token: string, apiUrl: string, core: ActionCore, plugins: OctokitPlugins = {}): GitHubClient {
  const Octokit = ProbotOctokit.defaults({ ...plugins });
  return new Octokit({
    auth: { token },
    baseUrl: apiUrl,
    // Probot's request logging calls `debug(fields, message)` pino-style: keep the text parts.
    log: {
      debug: (...parts: unknown[]) => core.debug(text(parts)),
      info: (...parts: unknown[]) => core.debug(text(parts)),
      warn: (...parts: unknown[]) => core.warning(text(parts)),
      error: (...parts: unknown[]) => core.warning(text(parts)),
    },
  });
}

function text(parts: readonly unknown[]): string {
  return parts.filter((part): part is string => typeof part === 'string').join(' ');
}
