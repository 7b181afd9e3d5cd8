import { describe, expect, it } from '@jest/globals';
import { agentReviewerFromEnv } from '../../src/adapters/anthropic/agent-reviewer-from-env.js';
import { AnthropicAgentReviewer } from '../../src/adapters/anthropic/anthropic-agent-reviewer.js';
import { CircuitBreaker } from '../../src/adapters/anthropic/circuit-breaker.js';
import { retryDelayMs, serverDelayMs } from '../../src/adapters/anthropic/retry-delay.js';
import { InMemoryTokenBudget } from '../../src/core/agent/token-budget.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe('CircuitBreaker', () => {
  it('lets one probe through after the cool-down and opens again when it fails', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1_000, now: () => now });
    breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect([breaker.state(), breaker.tryAcquire()]).toEqual(['open', false]);
    now = 1_000;
    expect([breaker.tryAcquire(), breaker.tryAcquire()]).toEqual([true, false]);
    breaker.recordFailure();
    expect(breaker.snapshot()).toEqual({ state: 'open', consecutiveFailures: 3, opened: 2, rejected: 2 });
    now = 2_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('closed');
  });
});

describe('retry delays', () => {
  const options = { baseDelayMs: 1_000, maxDelayMs: 8_000, random: () => 1, now: () => Date.parse('2026-10-21T10:00:00Z') };
  it.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after': '3' }, 3_000],
    [{ 'retry-after': 'Wed, 21 Oct 2026 10:00:07 GMT' }, 7_000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('server asks %j → %s ms', (values, expected) => {
    expect(serverDelayMs(headers(values), options.now)).toBe(expected);
  });

  it('backs off exponentially with jitter up to a ceiling when the server says nothing', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, undefined, options))).toEqual([750, 1500, 3000, 6000, 6000]);
  });
});

describe('agentReviewerFromEnv', () => {
  it('is undefined without a key (the review runs offline) and a reviewer with one', async () => {
    expect(await agentReviewerFromEnv({ ANTHROPIC_API_KEY: ' ' })).toBeUndefined();
    const reviewer = await agentReviewerFromEnv({ ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' });
    expect(reviewer).toBeInstanceOf(AnthropicAgentReviewer);
  });
});

describe('InMemoryTokenBudget', () => {
  it('counts per installation and resets at the UTC day boundary', async () => {
    let now = new Date('2026-10-21T23:59:00Z');
    const budget = new InMemoryTokenBudget({ dailyLimit: 1_000, now: () => now });
    await budget.spend('a', 700);
    expect([await budget.remaining('a'), await budget.remaining('b'), await budget.remaining('a', null)]).toEqual([300, 1_000, null]);
    now = new Date('2026-10-22T00:00:01Z');
    expect(await budget.remaining('a')).toBe(1_000);
  });
});
