import { describe, expect, it } from '@jest/globals';
import { DEFAULT_MODEL_IDS, estimateCallCostUsd, modelInfo, modelOverridesFromEnv, resolveModel } from '../../src/core/agent/models.js';

describe('resolveModel', () => {
  it.each([
    ['', 'opus', {}, 'claude-opus-5-5', 'opus'],
    ['sonnet', 'opus', {}, 'claude-sonnet-5-5', 'sonnet'],
    ['HAIKU', undefined, {}, 'claude-haiku-5-5', 'haiku'],
    ['', 'inherit', {}, 'claude-sonnet-5-5', 'sonnet'],
    ['', undefined, {}, 'claude-sonnet-5-5', 'sonnet'],
    ['claude-opus-4-8', 'opus', {}, 'claude-opus-4-8', undefined],
    ['', 'opus', { opus: 'claude-opus-5' }, 'claude-opus-5', 'opus'],
  ] as const)('config %j, agent %j, overrides %j → %s', (configured, agent, overrides, id, alias) => {
    const resolved = resolveModel(configured || undefined, agent, overrides);
    expect([resolved.id, resolved.alias]).toEqual([id, alias]);
  });

  it('reads overrides from the environment the edge passes in', () => {
    expect(modelOverridesFromEnv({ BACKEND_EXPERT_MODEL_OPUS: ' claude-opus-5 ', BACKEND_EXPERT_MODEL_HAIKU: '', OTHER: 'x' })).toEqual({ opus: 'claude-opus-5' });
  });

  it('knows which models refuse a forced tool choice; unknown IDs are never forced', () => {
    expect(Object.values(DEFAULT_MODEL_IDS).map((id) => modelInfo(id).forcedToolChoice)).toEqual([false, false, false]);
    expect(modelInfo('claude-haiku-4-5-20251001').forcedToolChoice).toBe(true);
    expect(modelInfo('claude-sonnet-9')).toMatchObject({ id: 'claude-sonnet-9', family: 'sonnet', forcedToolChoice: false });
  });
});

describe('estimateCallCostUsd', () => {
  it('prices input, cache reads, cache writes and output separately', () => {
    // Sonnet 5.5: $2 input, $0.10 cache read, $2.50 cache write, $10 output per million.
    expect(estimateCallCostUsd('claude-sonnet-5-5', { inputTokens: 1_000_000, cachedInputTokens: 1_000_000, cacheWriteTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(14.6, 10);
  });

  it('prices a Haiku 5.5 prompt above 100k tokens at the long-prompt rates, output included', () => {
    const short = estimateCallCostUsd('claude-haiku-5-5', { inputTokens: 100_000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 10_000 });
    const long = estimateCallCostUsd('claude-haiku-5-5', { inputTokens: 100_001, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 10_000 });
    expect(short).toBeCloseTo(0.015, 10);
    expect(long).toBeCloseTo(0.0750005, 10);
  });
});
