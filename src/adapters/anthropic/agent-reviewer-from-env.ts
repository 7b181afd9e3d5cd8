import type { SourceTree } from '../../core/change-source.js';
import { modelOverridesFromEnv } from '../../core/agent/models.js';
import { AnthropicAgentReviewer } from './anthropic-agent-reviewer.js';
import { loadShippedAgents } from './load-shipped-agents.js';

/**
 * The reviewer the edges (app, CLI, worker) build from their environment, or undefined when there is
 * no `ANTHROPIC_API_KEY`: the review then runs offline and says so. The edge passes `process.env`.
 */
export async function agentReviewerFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: { repositoryTree?: SourceTree; installation?: string } = {},
): Promise<AnthropicAgentReviewer | undefined> {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return undefined;
  const baseURL = env.ANTHROPIC_BASE_URL?.trim();
  return new AnthropicAgentReviewer({
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    catalogue: await loadShippedAgents(),
    modelOverrides: modelOverridesFromEnv(env),
    ...options,
  });
}
