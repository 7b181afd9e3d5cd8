import type * as actionsCore from '@actions/core';
import { ActionError } from './action-context.js';

/** The part of `@actions/core` the Action uses (tests hand in the real module with `setFailed` captured). */
export type ActionCore = Pick<typeof actionsCore, 'getInput' | 'getBooleanInput' | 'setOutput' | 'setFailed' | 'setSecret' | 'info' | 'warning' | 'debug' | 'summary'>;

/** `review`: comments and check run; `sarif`: the SARIF file only; `both`. */
export type ActionMode = 'review' | 'sarif' | 'both';

/** The inputs of action.yml, validated. */
export interface ActionInputs {
  token: string;
  mode: ActionMode;
  sarifFile: string;
  /** A configuration file used when the default branch has none. */
  configFile?: string;
  failOnFailure: boolean;
  anthropicApiKey?: string;
}

const MODES: readonly ActionMode[] = ['review', 'sarif', 'both'];

/** Reads the inputs through `@actions/core` (environment variables `INPUT_<NAME>`); throws ActionError for a bad value. */
export function readActionInputs(core: ActionCore): ActionInputs {
  const mode = (core.getInput('mode') || 'review').toLowerCase();
  if (!MODES.includes(mode as ActionMode)) throw new ActionError(`input 'mode' must be one of ${MODES.join(', ')} (got '${mode}')`);
  const token = core.getInput('github-token');
  if (!token) throw new ActionError("input 'github-token' is empty: pass `github-token: ${{ github.token }}` or leave the default");
  const anthropicApiKey = core.getInput('anthropic-api-key');
  if (anthropicApiKey) core.setSecret(anthropicApiKey);
  const configFile = core.getInput('config');
  return {
    token,
    mode: mode as ActionMode,
    sarifFile: core.getInput('sarif-file') || 'backend-expert.sarif',
    ...(configFile ? { configFile } : {}),
    failOnFailure: readBoolean(core, 'fail-on-failure', true),
    ...(anthropicApiKey ? { anthropicApiKey } : {}),
  };
}

/** `getBooleanInput` throws on an empty value; an unset input takes its default. */
function readBoolean(core: ActionCore, name: string, fallback: boolean): boolean {
  if (!core.getInput(name)) return fallback;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new ActionError(`input '${name}' must be true or false (got '${core.getInput(name)}')`);
  }
}
