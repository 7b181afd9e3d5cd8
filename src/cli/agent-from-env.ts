import type { SourceTree } from '../core/change-source.js';
import type { AgentReviewer } from '../core/agent/types.js';
import type { Config } from '../core/config/schema.js';
import { agentReviewerFromEnv } from '../adapters/anthropic/agent-reviewer-from-env.js';

export interface AgentChoice {
  reviewer?: AgentReviewer;
  /** Why there is no reviewer. */
  reason: string;
}

/** The agent for a CLI run: none with --offline or without ANTHROPIC_API_KEY. */
export async function createAgentFromEnv(options: { env: NodeJS.ProcessEnv; config: Config; offline: boolean; tree: SourceTree }): Promise<AgentChoice> {
  if (options.offline) return { reason: '--offline' };
  if (!options.env.ANTHROPIC_API_KEY?.trim()) return { reason: 'no ANTHROPIC_API_KEY set' };
  if (!options.config.agent.enabled) return { reason: 'agent disabled in the configuration' };
  // Locally the developer's own tree is trusted: repository agents come from the head being reviewed.
  const reviewer = await agentReviewerFromEnv(options.env, { repositoryTree: options.tree, installation: 'local' });
  return reviewer ? { reviewer, reason: '' } : { reason: 'no ANTHROPIC_API_KEY set' };
}
