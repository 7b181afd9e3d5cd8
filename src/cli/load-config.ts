import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '../core/config/parse-config.js';
import { defaultConfig, type Config } from '../core/config/schema.js';
import { UsageError } from './usage.js';

const DEFAULT_CONFIG_PATH = '.github/backend-expert.yml';

/** The config the CLI uses: `--config FILE`, else the repository's `.github/backend-expert.yml`, else defaults. */
export function loadCliConfig(repo: string, file: string | undefined): { config: Config; path?: string } {
  const path = file ?? (existsSync(join(repo, DEFAULT_CONFIG_PATH)) ? join(repo, DEFAULT_CONFIG_PATH) : undefined);
  if (!path) return { config: defaultConfig() };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { config: parseConfigText(text, path), path };
}
