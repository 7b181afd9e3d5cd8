import type { SourceTree } from '../../core/change-source.js';
import type { AgentReviewInput, AgentReviewOutput, AgentReviewer } from '../../core/agent/types.js';
import type { ModelTransport } from '../../core/agent/messages-request.js';
import type { ModelOverrides } from '../../core/agent/models.js';
import { loadRepositoryAgents } from '../../core/agent/load-repository-agents.js';
import { resolveAgents, type AgentCatalogue } from '../../core/agent/resolve-agents.js';
import { reviewWithModel } from '../../core/agent/review-with-model.js';
import { InMemoryTokenBudget, type TokenBudget } from '../../core/agent/token-budget.js';
import { AnthropicTransport, type AnthropicTransportOptions } from './anthropic-transport.js';
import { sharedCircuitBreaker, type CircuitSnapshot } from './circuit-breaker.js';

/** The process's token ledger: budgets hold across every review this process runs. */
export const sharedTokenBudget = new InMemoryTokenBudget();

export interface AnthropicAgentReviewerOptions extends AnthropicTransportOptions {
  /** The packaged agents and skills (`loadShippedAgents()`). */
  catalogue: AgentCatalogue;
  /** The repository's default-branch tree, read for `.claude/agents` and `.claude/skills` when the config enables them. */
  repositoryTree?: SourceTree;
  /** Alias → model ID from the environment (`modelOverridesFromEnv`). */
  modelOverrides?: ModelOverrides;
  budget?: TokenBudget;
  /** Installation key of the budget when the input carries none. */
  installation?: string;
  concurrency?: number;
  /** Replaces the SDK transport (tests of the pipeline, other gateways). */
  transport?: ModelTransport;
}

/**
 * The agent reviewer backed by Claude through the Anthropic SDK. Never throws for a model problem:
 * outages, an open circuit and a spent budget come back as a status the summary explains.
 */
export class AnthropicAgentReviewer implements AgentReviewer {
  private readonly transport: ModelTransport;
  constructor(private readonly options: AnthropicAgentReviewerOptions) {
    this.transport = options.transport ?? new AnthropicTransport(options);
  }

  async review(input: AgentReviewInput): Promise<AgentReviewOutput> {
    const catalogues = [this.options.catalogue];
    if (input.config.agent.repository_agents && this.options.repositoryTree) catalogues.push(await loadRepositoryAgents(this.options.repositoryTree));
    const { bundles, problems } = resolveAgents(input.config.agent.agents, ...catalogues);
    return reviewWithModel(input, {
      agents: bundles,
      transport: this.transport,
      ...(this.options.modelOverrides ? { modelOverrides: this.options.modelOverrides } : {}),
      budget: this.options.budget ?? sharedTokenBudget,
      ...(this.options.installation ? { installation: this.options.installation } : {}),
      ...(this.options.concurrency ? { concurrency: this.options.concurrency } : {}),
      notes: problems,
    });
  }

  /** The circuit breaker's state, for /metrics. */
  circuit(): CircuitSnapshot {
    return (this.options.breaker ?? sharedCircuitBreaker).snapshot();
  }
}
