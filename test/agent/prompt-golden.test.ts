import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { AnthropicAgentReviewer } from '../../src/adapters/anthropic/anthropic-agent-reviewer.js';
import { CircuitBreaker } from '../../src/adapters/anthropic/circuit-breaker.js';
import { InMemoryTokenBudget } from '../../src/core/agent/token-budget.js';
import { prepareReviewCalls, type PreparedCall } from '../../src/core/agent/prepare-review-calls.js';
import { API, GOOD_FINDINGS, GOOD_SUMMARY, articlesInput, backendExpert, config, interceptMessages, shippedCatalogue, toolUseResponse } from './helpers.js';

const GOLDEN = fileURLToPath(new URL('./__golden__/articles-pr.request.json', import.meta.url));

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/**
 * The exact request body sent for the fixture PR, kept as a reviewed snapshot. Regenerate with
 * UPDATE_GOLDEN=1 and review the diff of the golden file like code.
 */
describe('the review prompt for the articles PR', () => {
  it('sends exactly the reviewed request body', async () => {
    const api = interceptMessages();
    api.reply(200, toolUseResponse({ findings: GOOD_FINDINGS, summary: GOOD_SUMMARY }));
    const reviewer = new AnthropicAgentReviewer({ apiKey: 'sk-ant-test', baseURL: API, catalogue: await shippedCatalogue(), breaker: new CircuitBreaker(), budget: new InMemoryTokenBudget() });
    await reviewer.review(await articlesInput());
    expect(api.scope.isDone()).toBe(true);
    expect(api.bodies).toHaveLength(1);
    const actual = `${JSON.stringify(api.bodies[0], null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') {
      await mkdir(new URL('./__golden__/', import.meta.url), { recursive: true });
      await writeFile(GOLDEN, actual);
    }
    expect(actual).toBe(await readFile(GOLDEN, 'utf8'));
  });
});

describe('the review language', () => {
  it('asks for Spanish when review_language is es, leaving the cached system prompt unchanged', async () => {
    const agent = await backendExpert();
    const [english] = (await prepareReviewCalls(await articlesInput(), [agent])).calls;
    const [spanish] = (await prepareReviewCalls(await articlesInput({ config: config({ review_language: 'es' }) }), [agent])).calls;
    const firstLine = (call: PreparedCall | undefined) => (call!.request.messages[0]!.content as string).split('\n')[0];
    expect([firstLine(english), firstLine(spanish)]).toEqual([
      'Review request — call 1 of 1. Write every text field in English.',
      'Review request — call 1 of 1. Write every text field in Spanish (español).',
    ]);
    expect(spanish!.request.system).toEqual(english!.request.system);
  });
});
