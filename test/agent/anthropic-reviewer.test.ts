import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { AnthropicAgentReviewer } from '../../src/adapters/anthropic/anthropic-agent-reviewer.js';
import { CircuitBreaker } from '../../src/adapters/anthropic/circuit-breaker.js';
import { InMemoryTokenBudget } from '../../src/core/agent/token-budget.js';
import type { Finding } from '../../src/core/finding.js';
import { API, GOOD_FINDINGS, GOOD_SUMMARY, articlesInput, config, interceptMessages, shippedCatalogue, toolUseResponse } from './helpers.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

interface Setup {
  breaker?: CircuitBreaker;
  budget?: InMemoryTokenBudget;
  maxRetries?: number;
  timeoutMs?: number;
  modelOverrides?: Record<string, string>;
}

async function reviewer(setup: Setup = {}) {
  const sleeps: number[] = [];
  const instance = new AnthropicAgentReviewer({
    apiKey: 'sk-ant-test',
    baseURL: API,
    catalogue: await shippedCatalogue(),
    breaker: setup.breaker ?? new CircuitBreaker(),
    budget: setup.budget ?? new InMemoryTokenBudget(),
    maxRetries: setup.maxRetries ?? 2,
    ...(setup.timeoutMs ? { timeoutMs: setup.timeoutMs } : {}),
    ...(setup.modelOverrides ? { modelOverrides: setup.modelOverrides } : {}),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    installation: 'inst-1',
  });
  return { instance, sleeps };
}

const EXPECTED_FINDINGS: Finding[] = [
  {
    rule: 'agent/security.injection',
    checklist: 'security.injection',
    severity: 'critical',
    path: 'src/services/article-service.ts',
    line: 40,
    title: 'SQL built by concatenating the author filter',
    message: "An `author` of `x' OR '1'='1` returns every row. Use a parameter: `WHERE author_id = $1`.",
    source: 'agent',
    suggestion: { line: 40, endLine: 40, replacement: "  if (filter.author) return query<Article>(sql + ' WHERE author_id = $1', [filter.author]);" },
  },
  {
    rule: 'agent/service.resilience',
    checklist: 'service.resilience',
    severity: 'high',
    path: 'src/services/article-service.ts',
    line: 48,
    title: 'Call to the search service without a timeout',
    message: 'If search hangs, every publish request hangs with it. Pass `signal: AbortSignal.timeout(2000)`.',
    source: 'agent',
  },
];

describe('AnthropicAgentReviewer', () => {
  it('reviews the fixture PR: findings, summary, usage and cost from one call', async () => {
    const api = interceptMessages();
    api.scope.matchHeader('authorization', 'Bearer sk-ant-test');
    api.reply(200, toolUseResponse({ findings: GOOD_FINDINGS, summary: GOOD_SUMMARY }));
    const budget = new InMemoryTokenBudget();
    const { instance } = await reviewer({ budget });
    const output = await instance.review(await articlesInput());

    expect(api.scope.isDone()).toBe(true);
    expect(output).toEqual({
      status: 'ok',
      model: 'claude-opus-5-5',
      findings: EXPECTED_FINDINGS,
      summary: {
        analysis: GOOD_SUMMARY.analysis,
        considerations: GOOD_SUMMARY.considerations,
        options: GOOD_SUMMARY.options,
        recommendation: GOOD_SUMMARY.recommendation,
        nextSteps: GOOD_SUMMARY.next_steps,
        questions: GOOD_SUMMARY.questions,
      },
      // 2100 × $4 + 5400 × $0.20 + 900 × $20 per million tokens (Opus 5.5 list prices).
      usage: { inputTokens: 2100, cachedInputTokens: 5400, cacheWriteTokens: 0, outputTokens: 900, estimatedCostUsd: 0.02748, calls: 1 },
      unreadFiles: [],
    });
    expect(budget.spentToday('inst-1')).toBe(8400);
    const body = api.bodies[0] as { system: Array<{ cache_control?: unknown }>; tool_choice: unknown; tools: Array<{ name: string }> };
    expect(body.system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    expect(body.tools.map((tool) => tool.name)).toEqual(['submit_review']);
    // Opus 5.5 refuses a forced tool choice: the tool is offered with auto and required by the prompt.
    expect(body.tool_choice).toEqual({ type: 'auto' });
  });

  it('forces the tool on a model that accepts it, and resolves aliases through overrides', async () => {
    const api = interceptMessages();
    api.reply(200, toolUseResponse({ findings: [], summary: GOOD_SUMMARY }, {}, 'claude-haiku-4-5'));
    api.reply(200, toolUseResponse({ findings: [], summary: GOOD_SUMMARY }, {}, 'claude-opus-4-8'));
    const forced = await (await reviewer()).instance.review(await articlesInput({ config: config({ agent: { model: 'claude-haiku-4-5' } }) }));
    const overridden = await (await reviewer({ modelOverrides: { opus: 'claude-opus-4-8' } })).instance.review(await articlesInput());

    expect([forced.status, forced.model, overridden.status, overridden.model]).toEqual(['ok', 'claude-haiku-4-5', 'ok', 'claude-opus-4-8']);
    expect(api.bodies.map((body) => (body as { model: string; tool_choice: unknown }).tool_choice)).toEqual([
      { type: 'tool', name: 'submit_review' },
      { type: 'tool', name: 'submit_review' },
    ]);
  });

  it('retries once with the validation errors, passing the thinking block back, and keeps the corrected answer', async () => {
    const api = interceptMessages();
    const invalid = toolUseResponse({
      findings: [
        { ...GOOD_FINDINGS[0], checklist: 'api.magic' },
        { ...GOOD_FINDINGS[1], path: 'src/nowhere.ts' },
      ],
    });
    api.reply(200, invalid);
    api.reply(200, toolUseResponse({ findings: GOOD_FINDINGS, summary: GOOD_SUMMARY }, { input_tokens: 3000, output_tokens: 800, cache_read_input_tokens: 5400 }));
    const { instance } = await reviewer();
    const output = await instance.review(await articlesInput());

    expect(output.status).toBe('ok');
    expect(output.findings).toEqual(EXPECTED_FINDINGS);
    expect(output.usage).toMatchObject({ inputTokens: 5100, cachedInputTokens: 10800, outputTokens: 1700, calls: 2 });
    const retry = api.bodies[1] as { messages: Array<{ role: string; content: unknown }> };
    expect(retry.messages).toHaveLength(3);
    expect(retry.messages[1]).toEqual({ role: 'assistant', content: invalid.content });
    const result = (retry.messages[2]!.content as Array<{ type: string; tool_use_id: string; is_error: boolean; content: string }>)[0]!;
    expect([result.type, result.tool_use_id, result.is_error]).toEqual(['tool_result', 'toolu_01A09q90qw90lq917835lq9', true]);
    expect(result.content.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.split(':')[0])).toEqual(['- findings[0]', '- findings[1]', '- summary']);
  });

  it('drops what is still invalid after the retry and says so', async () => {
    const api = interceptMessages();
    const stillInvalid = { findings: [GOOD_FINDINGS[0], { ...GOOD_FINDINGS[1], line: 9999 }], summary: GOOD_SUMMARY };
    api.reply(200, toolUseResponse(stillInvalid));
    api.reply(200, toolUseResponse(stillInvalid));
    const { instance } = await reviewer();
    const output = await instance.review(await articlesInput());

    expect(api.scope.isDone()).toBe(true);
    expect(output.findings).toEqual([EXPECTED_FINDINGS[0]]);
    expect(output.notes).toEqual(['1 invalid agent finding(s) dropped after a retry']);
  });

  it('asks again when the model answers in text without calling the tool', async () => {
    const api = interceptMessages();
    api.reply(200, { ...toolUseResponse({}), content: [{ type: 'text', text: 'Looks good to me!' }], stop_reason: 'end_turn' });
    api.reply(200, toolUseResponse({ findings: [], summary: GOOD_SUMMARY }));
    const { instance } = await reviewer();
    const output = await instance.review(await articlesInput());

    expect(output.status).toBe('ok');
    const retry = api.bodies[1] as { messages: Array<{ role: string; content: Array<{ type: string; text: string }> }> };
    expect(retry.messages[2]!.content[0]!.type).toBe('text');
    expect(retry.messages[2]!.content[0]!.text).toContain('no call to submit_review');
  });

  it('waits as long as retry-after says on 429, then succeeds', async () => {
    const api = interceptMessages();
    api.reply(429, { type: 'error', error: { type: 'rate_limit_error', message: 'rate limited' } }, { 'retry-after': '2' });
    api.reply(200, toolUseResponse({ findings: GOOD_FINDINGS, summary: GOOD_SUMMARY }));
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    const { instance, sleeps } = await reviewer({ breaker });
    const output = await instance.review(await articlesInput());

    expect(api.scope.isDone()).toBe(true);
    expect(output.status).toBe('ok');
    expect(sleeps).toEqual([2000]);
    // A rate limit says nothing about an outage: the breaker stays closed.
    expect(breaker.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0, opened: 0, rejected: 0 });
  });

  it('gives up at once when retry-after is beyond the ceiling', async () => {
    const api = interceptMessages();
    api.reply(429, { type: 'error', error: { type: 'rate_limit_error', message: 'rate limited' } }, { 'retry-after': '3600' });
    const { instance, sleeps } = await reviewer();
    const output = await instance.review(await articlesInput());

    expect(sleeps).toEqual([]);
    expect(output).toMatchObject({ status: 'unavailable', message: 'the model API answered 429 (rate limited); the API asks to wait 3600 s', findings: [] });
  });

  it('backs off exponentially without retry-after and stops after the retries', async () => {
    const api = interceptMessages();
    for (let i = 0; i < 3; i++) api.reply(500, { type: 'error', error: { type: 'api_error', message: 'boom' } });
    const { instance, sleeps } = await reviewer({ maxRetries: 2 });
    const output = await instance.review(await articlesInput());

    expect(api.scope.isDone()).toBe(true);
    expect(sleeps).toEqual([1000, 2000]);
    expect(output).toMatchObject({ status: 'unavailable', message: 'the model API answered 500 (server error)' });
  });

  it('opens the shared breaker after consecutive 529s, refuses calls while open, and closes after a good probe', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 30_000, now: () => now });
    const api = interceptMessages();
    for (let i = 0; i < 3; i++) api.reply(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    const { instance } = await reviewer({ breaker, maxRetries: 1 });
    const input = await articlesInput();

    const first = await instance.review(input); // two attempts, both 529
    const second = await instance.review(input); // third 529 opens the circuit; no fourth request
    const third = await instance.review(input); // refused without a request
    expect(api.scope.isDone()).toBe(true);
    expect(api.bodies).toHaveLength(3);
    expect([first.status, first.message]).toEqual(['unavailable', 'the model API answered 529 (overloaded)']);
    expect([second.status, second.message]).toEqual(['unavailable', 'the model API is failing (circuit breaker open); the agent is skipped until it recovers']);
    expect([third.status, third.message]).toEqual(['unavailable', 'the model API is failing (circuit breaker open); the agent is skipped until it recovers']);
    expect(instance.circuit()).toEqual({ state: 'open', consecutiveFailures: 3, opened: 1, rejected: 2 });

    now = 30_000;
    expect(breaker.state()).toBe('half-open');
    api.reply(200, toolUseResponse({ findings: [], summary: GOOD_SUMMARY }));
    const recovered = await instance.review(input);
    expect(recovered.status).toBe('ok');
    expect(instance.circuit()).toEqual({ state: 'closed', consecutiveFailures: 0, opened: 1, rejected: 2 });
  });

  it('times out a call that does not answer, and retries a timeout', async () => {
    const slow = nock(API).post('/v1/messages').delay(800).reply(200, toolUseResponse({ findings: [], summary: GOOD_SUMMARY }));
    const breaker = new CircuitBreaker();
    const { instance } = await reviewer({ timeoutMs: 200, maxRetries: 0, breaker });
    const output = await instance.review(await articlesInput());
    expect(slow.isDone()).toBe(true);
    expect(output).toMatchObject({ status: 'unavailable', message: 'the model API did not answer within 0.2 s', findings: [] });
    expect(breaker.snapshot().consecutiveFailures).toBe(1);

    nock.cleanAll();
    nock(API).post('/v1/messages').delay(800).reply(200, toolUseResponse({ findings: [], summary: GOOD_SUMMARY }));
    nock(API).post('/v1/messages').reply(200, toolUseResponse({ findings: [], summary: GOOD_SUMMARY }));
    const retried = await (await reviewer({ timeoutMs: 200, maxRetries: 1, breaker })).instance.review(await articlesInput());
    expect(retried.status).toBe('ok');
    expect(breaker.snapshot().consecutiveFailures).toBe(0);
  });

  it('reviews offline with status budget-exhausted when the installation has spent its daily tokens', async () => {
    const budget = new InMemoryTokenBudget();
    await budget.spend('inst-1', 10_000);
    const { instance } = await reviewer({ budget });
    const output = await instance.review(await articlesInput({ config: config({ agent: { daily_token_budget: 10_000 } }) }));
    expect(output).toEqual({
      status: 'budget-exhausted',
      message: 'the daily model budget of 10000 tokens for this installation is spent',
      findings: [],
      usage: { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, estimatedCostUsd: 0, calls: 0 },
      unreadFiles: [],
    });
  });

  it('does not start a call the remaining budget cannot cover', async () => {
    const budget = new InMemoryTokenBudget();
    await budget.spend('inst-1', 19_000);
    const { instance } = await reviewer({ budget });
    const output = await instance.review(await articlesInput({ config: config({ agent: { daily_token_budget: 20_000 } }) }));
    expect(output.status).toBe('budget-exhausted');
    expect(output.unreadFiles).toEqual(['src/routes/articles.ts', 'src/services/article-service.ts', 'docs/CHANGELOG.md']);
    expect(output.usage.calls).toBe(0);
  });
});
