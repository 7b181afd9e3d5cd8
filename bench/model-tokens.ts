import { AnthropicAgentReviewer } from '../src/adapters/anthropic/anthropic-agent-reviewer.js';
import { CircuitBreaker } from '../src/adapters/anthropic/circuit-breaker.js';
import type { AgentBundle } from '../src/core/agent/build-review-request.js';
import { comparePromptTokens, type PromptTokens } from '../src/core/agent/compare-prompt-tokens.js';
import { estimateCallCostUsd } from '../src/core/agent/models.js';
import { resolveAgents } from '../src/core/agent/resolve-agents.js';
import { InMemoryTokenBudget } from '../src/core/agent/token-budget.js';
import type { AgentReviewInput, AgentUsage } from '../src/core/agent/types.js';
import { defaultConfig } from '../src/core/config/schema.js';
import { AGENT_FIXTURE_PRS, captureAgentInput, loadFixturePr, shippedCatalogue, type AgentFixturePrName } from './agent-fixtures.js';
import { FakeMessagesApi } from './fake-messages-api.js';
import { peakMemoryMb, summarise, timeMs, type BenchRow, type BenchTable } from './harness.js';

/** A valid review with no findings: the benchmark is about what we send, not what comes back. */
const EMPTY_REVIEW = {
  findings: [],
  summary: {
    analysis: 'The change adds a list route and a publish route.',
    considerations: ['The list grows with the table.'],
    options: [],
    recommendation: 'Bound the list and add a timeout to the search call.',
    next_steps: ['Add a limit and a cursor.'],
    questions: [],
  },
};

/** Minimum cacheable prompt lengths of current models range from 1,024 to 4,096 tokens. */
const LARGEST_MIN_CACHEABLE = 4_096;

interface PrFigures {
  ours: PromptTokens;
  naive: PromptTokens;
  cold: AgentUsage;
  warm: AgentUsage;
  model: string;
}

/**
 * Model input tokens per review on the agent fixture PRs: our prompt (hunks, chosen context, cached
 * system prefix) against the naive prompt (whole diff plus every changed file in full), both through
 * `comparePromptTokens`; and the share of input tokens the prompt cache serves on a second review of
 * the same repository, measured by running the AnthropicAgentReviewer against a local fake Messages API
 * that derives cache reads from the requests' cached prefix.
 */
export async function benchModelTokens(options: { runs: number }): Promise<BenchTable> {
  const config = defaultConfig();
  const catalogue = await shippedCatalogue();
  const { bundles } = resolveAgents(config.agent.agents, catalogue);
  const agent = bundles[0];
  if (!agent) throw new Error('bench: the default agent is not in the shipped catalogue');
  const inputs = new Map<AgentFixturePrName, AgentReviewInput>();
  for (const name of AGENT_FIXTURE_PRS) {
    const fixture = await loadFixturePr(name);
    inputs.set(name, await captureAgentInput(fixture.source, config, fixture.pr));
  }

  const api = await FakeMessagesApi.start();
  const reviewer = new AnthropicAgentReviewer({
    apiKey: 'sk-ant-bench-not-a-key',
    baseURL: api.url,
    catalogue,
    breaker: new CircuitBreaker(),
    budget: new InMemoryTokenBudget(),
    maxRetries: 0,
  });
  api.answerWith(() => EMPTY_REVIEW);

  const times: number[] = [];
  let figures: Map<AgentFixturePrName, PrFigures> | undefined;
  try {
    for (let run = 0; run < options.runs; run++) {
      const current = new Map<AgentFixturePrName, PrFigures>();
      times.push(
        await timeMs(async () => {
          for (const name of AGENT_FIXTURE_PRS) current.set(name, await measurePr(name, inputs, agent, reviewer, api));
        }),
      );
      // The figures are computed, not timed: every run must give the same ones.
      if (figures && JSON.stringify([...figures]) !== JSON.stringify([...current])) throw new Error('bench: token figures differ between runs');
      figures = current;
    }
  } finally {
    await api.close();
  }
  const peak = peakMemoryMb();
  const time = summarise(times);
  const spread = `identical in ${options.runs} run${options.runs === 1 ? '' : 's'} (${time.min.toFixed(0)}–${time.max.toFixed(0)} ms each)`;
  const rows: BenchRow[] = [];
  let prefixTokens = 0;
  for (const [name, figure] of figures!) {
    prefixTokens = figure.ours.prefix / Math.max(1, figure.ours.calls);
    rows.push({
      name: `${name}: PR-specific input tokens (user message), ours vs naive`,
      figure: fmt(figure.ours.user),
      baseline: fmt(figure.naive.user),
      ratio: figure.ours.user / figure.naive.user,
      spread,
      target: '≤ 0.5×',
      values: { ours: figure.ours.user, naive: figure.naive.user },
    });
    rows.push({
      name: `${name}: total input tokens per review (system + tool + user), ours vs naive`,
      figure: `${fmt(figure.ours.total)} (${figure.ours.calls} call${figure.ours.calls === 1 ? '' : 's'})`,
      baseline: `${fmt(figure.naive.total)} (1 call)`,
      ratio: figure.ours.total / figure.naive.total,
      spread,
      values: { ours: figure.ours.total, naive: figure.naive.total, calls: figure.ours.calls },
    });
    const share = cacheShare(figure.warm);
    rows.push({
      name: `${name}: input tokens not served from cache, 2nd review of the repository vs cold cache`,
      figure: `${fmt(uncached(figure.warm))} (${(share * 100).toFixed(0)}% of ${fmt(allInput(figure.warm))} from cache; input cost $${inputCost(figure.model, figure.warm).toFixed(4)})`,
      baseline: `${fmt(uncached(figure.cold))} (${(cacheShare(figure.cold) * 100).toFixed(0)}% from cache; input cost $${inputCost(figure.model, figure.cold).toFixed(4)})`,
      ratio: uncached(figure.warm) / uncached(figure.cold),
      spread,
      peakMemoryMb: peak,
      values: { cacheShare: share, warmUncached: uncached(figure.warm), coldUncached: uncached(figure.cold), warmCost: inputCost(figure.model, figure.warm), coldCost: inputCost(figure.model, figure.cold) },
    });
  }
  return {
    title: 'Model input tokens per review',
    description:
      `The agent fixture PRs (test/fixtures/agent), agent \`${agent.definition.name}\`, token counts from the project's estimator (no network). ` +
      'Naive prompt: the same system prompt and tool, then the whole diff and every changed file in full, in one call. ' +
      'Cache rows: the AnthropicAgentReviewer run against a local fake Messages API that caches the request prefix (tools + system blocks up to `cache_control`); ' +
      '"2nd review" is the PR reviewed right after a review of the other fixture PR of the same repository; "cold" is the same PR with an empty cache.',
    rows,
    notes: [
      `The cached prefix (system prompt + tool definition) is about ${fmt(Math.round(prefixTokens))} tokens per call: ` +
        (prefixTokens >= LARGEST_MIN_CACHEABLE
          ? `above the largest minimum cacheable length among current models (${fmt(LARGEST_MIN_CACHEABLE)} tokens), so every model caches it. `
          : `below some models' minimum cacheable length (up to ${fmt(LARGEST_MIN_CACHEABLE)} tokens): those models would cache nothing, and these cache rows would not apply to them. `) +
        'The input cost uses the model\'s list prices (cache writes and reads at their own prices; output excluded).',
      'The saving is in the PR-specific part; the system prompt and tool definition are the same size in both prompts, so the total ratio is closer to 1 on small PRs and falls as PRs grow.',
    ],
  };
}

async function measurePr(
  name: AgentFixturePrName,
  inputs: ReadonlyMap<AgentFixturePrName, AgentReviewInput>,
  agent: AgentBundle,
  reviewer: AnthropicAgentReviewer,
  api: FakeMessagesApi,
): Promise<PrFigures> {
  const input = inputs.get(name)!;
  const other = inputs.get(AGENT_FIXTURE_PRS.find((candidate) => candidate !== name)!)!;
  const { ours, naive } = await comparePromptTokens(input, agent);
  api.clearCache();
  const cold = await reviewOk(reviewer, input);
  api.clearCache();
  await reviewOk(reviewer, other);
  const warm = await reviewOk(reviewer, input);
  return { ours, naive, cold: cold.usage, warm: warm.usage, model: cold.model };
}

async function reviewOk(reviewer: AnthropicAgentReviewer, input: AgentReviewInput): Promise<{ usage: AgentUsage; model: string }> {
  const output = await reviewer.review(input);
  if (output.status !== 'ok' || !output.model) throw new Error(`bench: the fake model review ended ${output.status}: ${output.message ?? ''}`);
  return { usage: output.usage, model: output.model.split(', ')[0]! };
}

function allInput(usage: AgentUsage): number {
  return usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens;
}

function uncached(usage: AgentUsage): number {
  return usage.inputTokens + usage.cacheWriteTokens;
}

function cacheShare(usage: AgentUsage): number {
  const total = allInput(usage);
  return total === 0 ? 0 : usage.cachedInputTokens / total;
}

function inputCost(model: string, usage: AgentUsage): number {
  return estimateCallCostUsd(model, { inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens, cacheWriteTokens: usage.cacheWriteTokens, outputTokens: 0 });
}

function fmt(value: number): string {
  return value.toLocaleString('en');
}
