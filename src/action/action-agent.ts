import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AnthropicAgentReviewer } from '../adapters/anthropic/anthropic-agent-reviewer.js';
import { loadShippedAgents } from '../adapters/anthropic/load-shipped-agents.js';
import type { AgentReviewer } from '../core/agent/types.js';
import { modelOverridesFromEnv } from '../core/agent/models.js';
import type { Config } from '../core/config/schema.js';

/**
 * The agent definitions the Action ships: `agents/` beside the bundle (`action/dist/agents/`, copied by
 * scripts/build-action.mjs), else the package's own `agents/` — two folders up from `src/action/` and
 * from `action/dist/` alike.
 */
export function shippedAgentsDirectory(moduleUrl: string = import.meta.url): string {
  const beside = fileURLToPath(new URL('./agents/', moduleUrl));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../../agents/', moduleUrl));
}

/** The agent for one run, or why there is none (the review is then offline and says so). */
export async function createActionAgent(options: {
  apiKey?: string;
  config: Config;
  env: NodeJS.ProcessEnv;
  repository: string;
}): Promise<{ reviewer?: AgentReviewer; reason: string }> {
  if (!options.apiKey) return { reason: "no 'anthropic-api-key' input" };
  if (!options.config.agent.enabled) return { reason: 'agent disabled in the configuration' };
  const baseURL = options.env.ANTHROPIC_BASE_URL?.trim();
  const reviewer = new AnthropicAgentReviewer({
    apiKey: options.apiKey,
    ...(baseURL ? { baseURL } : {}),
    catalogue: await loadShippedAgents(shippedAgentsDirectory()),
    modelOverrides: modelOverridesFromEnv(options.env),
    installation: options.repository,
  });
  return { reviewer, reason: '' };
}
