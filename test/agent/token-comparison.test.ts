import { describe, expect, it } from '@jest/globals';
import { comparePromptTokens, naivePromptTokens } from '../../src/core/agent/compare-prompt-tokens.js';
import { estimateTokens } from '../../src/core/agent/estimate-tokens.js';
import { articlesInput, backendExpert } from './helpers.js';

describe('prompt size against a naive prompt', () => {
  it('sends fewer input tokens than the whole diff plus every changed file in full', async () => {
    const { ours, naive, ratio } = await comparePromptTokens(await articlesInput(), await backendExpert());
    expect(ours.calls).toBe(1);
    expect(naive.prefix).toBe(ours.prefix);
    expect(ours.total).toBeLessThan(naive.total);
    // The PR-specific part is where the saving is: hunks and chosen context instead of whole files.
    expect(ours.user).toBeLessThan(naive.user / 2);
    expect(ratio).toBeLessThan(0.8);
  });

  it('counts the naive prompt from the changed files at HEAD', async () => {
    const input = await articlesInput();
    const naive = await naivePromptTokens(input, await backendExpert());
    const head = await Promise.all(['docs/CHANGELOG.md', 'src/routes/articles.ts', 'src/services/article-service.ts', 'test/articles.test.ts'].map((path) => input.headTree.read(path)));
    expect(naive.user).toBeGreaterThan(head.reduce((sum, text) => sum + estimateTokens(text ?? ''), 0));
  });
});

describe('estimateTokens', () => {
  it.each([
    ['', 0],
    ['The quick brown fox jumps', 5],
    ["const x = await db.query('SELECT 1');", 15],
    ['    indented', 3],
  ])('%j ≈ %d', (text, tokens) => {
    expect(estimateTokens(text)).toBe(tokens);
  });
});
