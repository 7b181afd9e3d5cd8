import { ConfigError, validateConfig } from '../../core/config/parse-config.js';
import type { Config } from '../../core/config/schema.js';
import type { GitHubClient } from './github-client.js';

/** Where the repository configuration lives (in the repository, or the owner's `.github` repository). */
export const CONFIG_PATH = '.github/backend-expert.yml';

export interface TrustedConfig {
  config: Config;
  /** The file it came from, for messages: `.github/backend-expert.yml` or `owner/.github:.github/backend-expert.yml`. */
  file: string;
  /** False when no file exists anywhere: the defaults apply. */
  found: boolean;
}

/**
 * Reads the configuration the way Probot's `context.config` does: from the repository's default branch
 * (never the PR head — a PR must not edit its own gate), then the owner's `.github` repository, with
 * `_extends`; merged, then validated. Throws ConfigError naming the file, key and problem.
 */
export async function loadTrustedConfig(octokit: GitHubClient, repository: { owner: string; repo: string }): Promise<TrustedConfig> {
  let loaded: Awaited<ReturnType<GitHubClient['config']['get']>>;
  try {
    loaded = await octokit.config.get({
      owner: repository.owner,
      repo: repository.repo,
      path: CONFIG_PATH,
      defaults: (configs: object[]) => configs.reduce<Record<string, unknown>>((merged, next) => mergeConfig(merged, next as Record<string, unknown>), {}),
    });
  } catch (error) {
    throw toConfigError(error);
  }
  const source = loaded.files.find((file) => file.config !== null);
  const file = !source || (source.owner === repository.owner && source.repo === repository.repo) ? CONFIG_PATH : `${source.owner}/${source.repo}:${source.path}`;
  return { config: validateConfig(loaded.config, file), file, found: source !== undefined };
}

/** The more specific configuration wins key by key; lists are replaced, not concatenated. */
function mergeConfig(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeConfig(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The config plugin reports unparsable YAML as a plain Error with the YAML error as its cause. */
function toConfigError(error: unknown): unknown {
  if (!(error instanceof Error) || !error.message.includes('@probot/octokit-plugin-config')) return error;
  const cause = error.cause as { message?: string; linePos?: Array<{ line: number }> } | undefined;
  const message = (cause?.message ?? error.message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, '')).split('\n')[0] ?? 'invalid YAML';
  const line = cause?.linePos?.[0]?.line;
  return new ConfigError(CONFIG_PATH, [{ key: '', message, ...(line !== undefined ? { line } : {}) }]);
}
