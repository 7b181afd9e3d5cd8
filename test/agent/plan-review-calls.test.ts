import { describe, expect, it } from '@jest/globals';
import type { DiffFile } from '../../src/core/diff/parse-unified-diff.js';
import { planReviewCalls } from '../../src/core/agent/plan-review-calls.js';
import { ARTICLE_ROUTE_CHANGES, config } from './helpers.js';

const file = (path: string, additions: number, status: DiffFile['status'] = 'modified'): DiffFile => ({ path, status, binary: false, hunks: [], additions, deletions: 0 });

describe('planReviewCalls', () => {
  const diff = [
    file('README.md', 5),
    file('src/services/article-service.ts', 16),
    file('src/routes/articles.ts', 19),
    file('src/routes/users.ts', 3),
    file('src/jobs/reindex.ts', 40),
    file('package-lock.json', 300),
    file('test/articles.test.ts', 10),
    file('src/old.ts', 0, 'deleted'),
  ];
  const input = { diff, routeChanges: ARTICLE_ROUTE_CHANGES, staticFindings: [], config: config() };

  it('orders files by area, most relevant area first, and packs them into calls under the hunk budget', () => {
    const plan = planReviewCalls(input, { hunkBudget: 1_000, maxCalls: 4, hunkTokens: (f) => f.additions * 20 });
    expect(plan.calls.map((call) => [call.area, call.files.map((f) => f.path), call.hunkTokens])).toEqual([
      ['src/routes, src/services', ['src/routes/articles.ts', 'src/routes/users.ts', 'src/services/article-service.ts'], 760],
      ['src/jobs, .', ['src/jobs/reindex.ts', 'README.md'], 900],
    ]);
    expect(plan.unread).toEqual([]);
    expect(plan.ignored).toEqual([
      { path: 'package-lock.json', reason: 'lock' },
      { path: 'test/articles.test.ts', reason: 'test or excluded directory' },
      { path: 'src/old.ts', reason: 'deleted' },
    ]);
  });

  it('lists what does not fit in max_calls as unread', () => {
    const plan = planReviewCalls(input, { hunkBudget: 500, maxCalls: 2, hunkTokens: (f) => f.additions * 20 });
    expect(plan.calls.map((call) => call.files.map((f) => f.path))).toEqual([['src/routes/articles.ts', 'src/routes/users.ts'], ['src/services/article-service.ts', 'README.md']]);
    expect(plan.unread).toEqual(['src/jobs/reindex.ts']);
  });
});
