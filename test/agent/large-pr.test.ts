import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { AnthropicAgentReviewer } from '../../src/adapters/anthropic/anthropic-agent-reviewer.js';
import { CircuitBreaker } from '../../src/adapters/anthropic/circuit-breaker.js';
import { MemoryTree } from '../../src/core/change-source.js';
import { parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import { InMemoryTokenBudget } from '../../src/core/agent/token-budget.js';
import type { AgentReviewInput } from '../../src/core/agent/types.js';
import { API, GOOD_SUMMARY, config, interceptMessages, shippedCatalogue, toolUseResponse } from './helpers.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Six new files in three areas, each large enough to need a call of its own. */
function largePr(): AgentReviewInput {
  const files: Record<string, string> = {};
  const diffs: string[] = [];
  for (const path of ['src/routes/orders.ts', 'src/routes/carts.ts', 'src/services/orders.ts', 'src/services/carts.ts', 'scripts/seed.ts', 'scripts/migrate.ts']) {
    const lines = Array.from({ length: 120 }, (_, i) => `export const value${i} = compute('${path}', ${i}, { retries: ${i % 3}, timeoutMs: ${i * 10} });`);
    files[path] = `${lines.join('\n')}\n`;
    diffs.push(`diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join('\n')}\n`);
  }
  const diffText = diffs.join('');
  return {
    pr: { title: 'Orders and carts', body: '' },
    diff: parseUnifiedDiff(diffText),
    diffText,
    routeChanges: [],
    staticFindings: [],
    headTree: new MemoryTree('head', files),
    config: config({ agent: { max_input_tokens: 8_000, max_calls: 4 } }),
  };
}

describe('a PR too large for one call', () => {
  it('is split into calls by area, most relevant first, and lists the files left unread', async () => {
    const api = interceptMessages();
    for (let i = 0; i < 4; i++) api.reply(200, toolUseResponse({ findings: [], summary: { ...GOOD_SUMMARY, analysis: `part ${i}` } }));
    const reviewer = new AnthropicAgentReviewer({ apiKey: 'sk-ant-test', baseURL: API, catalogue: await shippedCatalogue(), breaker: new CircuitBreaker(), budget: new InMemoryTokenBudget(), concurrency: 2 });
    const output = await reviewer.review(largePr());

    expect(api.scope.isDone()).toBe(true);
    const reviewed = api.bodies.map((body) => {
      const user = (body as { messages: Array<{ content: string }> }).messages[0]!.content;
      return [user.split('\n')[0], [...user.matchAll(/^### (\S+) \(added/gm)].map((match) => match[1])];
    });
    expect(reviewed.sort()).toEqual([
      ['Review request — call 1 of 4. Write every text field in English.', ['src/routes/carts.ts']],
      ['Review request — call 2 of 4. Write every text field in English.', ['src/routes/orders.ts']],
      ['Review request — call 3 of 4. Write every text field in English.', ['src/services/carts.ts']],
      ['Review request — call 4 of 4. Write every text field in English.', ['src/services/orders.ts']],
    ]);
    expect(output.status).toBe('partial');
    expect(output.message).toBe('2 file(s) left unread');
    expect(output.unreadFiles).toEqual(['scripts/migrate.ts', 'scripts/seed.ts']);
    expect(output.usage.calls).toBe(4);
    expect(output.summary?.analysis.split('\n\n').sort()).toEqual(['part 0', 'part 1', 'part 2', 'part 3']);
  });
});
