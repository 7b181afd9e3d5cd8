import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { git } from '../adapters/git/git.js';
import { httpStatus, type GitHubClient } from '../adapters/github/github-client.js';
import { CONFIG_PATH, loadTrustedConfig } from '../adapters/github/load-config.js';
import { ConfigError, parseConfigText } from '../core/config/parse-config.js';
import { defaultConfig, type Config } from '../core/config/schema.js';
import { ActionError } from './action-context.js';

/** The configuration of one run and where it came from (for the log and the summary). */
export interface ActionConfig {
  config: Config;
  /** `.github/backend-expert.yml` (default branch), `owner/.github:…`, the `config` input's path, or `defaults`. */
  file: string;
  origin: 'default-branch' | 'input' | 'defaults';
}

export interface ConfigSources {
  repository: { owner: string; repo: string };
  /** The `config` input. */
  configFile?: string;
  /** The checkout's top folder and the pull request's base commit (what the `config` input is read at). */
  checkout: string;
  baseSha: string;
  warn: (message: string) => void;
}

/**
 * The app's trusted configuration, read the same way: `.github/backend-expert.yml` of the default branch
 * through the API (then the owner's `.github` repository), so that a pull request cannot edit its own
 * gate. When the default branch has none, the `config` input's file; else the defaults. An invalid file
 * throws ConfigError naming the file, key and problem.
 */
export async function loadActionConfig(octokit: GitHubClient, sources: ConfigSources): Promise<ActionConfig> {
  try {
    const trusted = await loadTrustedConfig(octokit, sources.repository);
    if (trusted.found) return { config: trusted.config, file: trusted.file, origin: 'default-branch' };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    sources.warn(`Could not read ${CONFIG_PATH} from the default branch (${httpStatus(error) ?? (error as Error).message}); ${sources.configFile ? `using ${sources.configFile}` : 'using the defaults'}.`);
  }
  if (!sources.configFile) return { config: defaultConfig(), file: 'defaults', origin: 'defaults' };
  return { config: parseConfigText(await readConfigInput(sources), sources.configFile), file: sources.configFile, origin: 'input' };
}

/**
 * The `config` input's text. A file of the repository is read at the pull request's base commit (the
 * work tree holds the pull request's version); a file the pull request adds applies only once merged;
 * anything else (written by an earlier step, outside the checkout) is read from disk.
 */
async function readConfigInput(sources: ConfigSources): Promise<string> {
  const file = sources.configFile!;
  const absolute = resolve(sources.checkout, file);
  const inside = relative(sources.checkout, absolute);
  if (inside && !inside.startsWith('..') && !isAbsolute(inside)) {
    const path = inside.split(sep).join('/');
    const atBase = await git(sources.checkout, ['show', `${sources.baseSha}:${path}`]).catch(() => undefined);
    if (atBase !== undefined) return atBase;
    const tracked = await git(sources.checkout, ['ls-files', '--error-unmatch', '--', path]).then(
      () => true,
      () => false,
    );
    if (tracked) throw new ActionError(`the config file ${file} is not on the base branch: a pull request cannot bring its own configuration (it applies once merged)`);
  }
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ActionError(`cannot read the config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
