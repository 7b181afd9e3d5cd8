import { afterEach, describe, expect, it } from '@jest/globals';
import { loadReviewState } from '../../src/adapters/github/review-state.js';
import { fingerprintMarker, reviewMarker } from '../../src/core/render/review-comments.js';
import { contractViolations } from './helpers/openapi-contract.js';
import { Scenario } from './helpers/scenario.js';
import { testOctokit } from './helpers/test-octokit.js';

let scenario: Scenario;
afterEach(() => {
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
});

const pr = { owner: 'Codertocat', repo: 'Hello-World', pullNumber: 1 };
const bot = { __typename: 'Bot', login: 'backend-expert' };
const person = { __typename: 'User', login: 'Codertocat' };

function thread(id: string, fingerprint: string, extra: { resolvedBy?: object | null; replies?: object[]; thumbsDown?: number; root?: object } = {}) {
  return {
    id,
    isResolved: extra.resolvedBy !== undefined,
    resolvedBy: extra.resolvedBy ?? null,
    comments: {
      nodes: [
        { body: `text\n${fingerprintMarker(fingerprint, 'static')}`, author: extra.root ?? bot, reactionGroups: [{ content: 'THUMBS_DOWN', reactors: { totalCount: extra.thumbsDown ?? 0 } }] },
        ...(extra.replies ?? []).map((author) => ({ body: 'reply', author, reactionGroups: [] })),
      ],
    },
  };
}

describe('loadReviewState', () => {
  it('reads every page of reviews and threads, and tells posted, dismissed and replied-to findings apart', async () => {
    scenario = new Scenario({ base: { 'a.txt': 'a\n' }, head: { 'a.txt': 'b\n' } });
    const reviews = Array.from({ length: 101 }, (_, index) => ({
      id: index + 1,
      body: index === 100 ? `ours\n${reviewMarker({ head: 'a'.repeat(40), base: 'b'.repeat(40), run: 'r', fingerprints: ['aaaa'] })}` : 'a person',
      user: { login: index === 100 ? 'backend-expert[bot]' : 'someone', type: index === 100 ? 'Bot' : 'User' },
      html_url: 'https://github.com/x',
    }));
    // Someone pasting our marker is not us.
    reviews[5]!.body = `copied\n${reviewMarker({ head: 'c'.repeat(40), base: 'b'.repeat(40), run: 'x', fingerprints: ['bbbb'] })}`;
    scenario.fake.override('GET', /\/pulls\/1\/reviews$/, (request) => {
      const page = Number(request.query.page ?? 1);
      const link: Record<string, string> = page === 1 ? { link: '<https://api.github.com/repos/Codertocat/Hello-World/pulls/1/reviews?per_page=100&page=2>; rel="next"' } : {};
      return [200, reviews.slice((page - 1) * 100, page * 100), link];
    }, 2);
    const pages = [
      [thread('T1', '1111'), thread('T2', '2222', { resolvedBy: { login: 'Codertocat' } }), thread('T3', '3333', { replies: [person] })],
      [thread('T4', '4444', { thumbsDown: 1 }), thread('T5', '5555', { root: person }), thread('T6', '6666', { replies: [bot] })],
    ];
    scenario.fake.override('POST', /^\/graphql$/, (request) => {
      const cursor = (request.body as { variables: { cursor: string | null } }).variables.cursor;
      const index = cursor === null ? 0 : 1;
      return [200, { data: { repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: index === 0, endCursor: index === 0 ? 'C1' : null }, nodes: pages[index] } } } } }];
    }, 2);

    const state = await loadReviewState(testOctokit(), pr);
    expect(scenario.fake.calls()).toEqual([
      'GET /repos/Codertocat/Hello-World/pulls/1/reviews',
      'GET /repos/Codertocat/Hello-World/pulls/1/reviews',
      'POST /graphql',
      'POST /graphql',
    ]);
    expect(state.reviews.map((review) => review.head)).toEqual(['a'.repeat(40)]);
    expect([...state.posted].sort()).toEqual(['1111', '2222', '3333', '4444', '6666', 'aaaa']);
    expect([...state.dismissed].sort()).toEqual(['2222', '4444']);
    expect(state.threads.map((entry) => [entry.id, entry.personReplied])).toEqual([
      ['T1', false],
      ['T2', false],
      ['T3', true],
      ['T4', false],
      ['T6', false],
    ]);
  });
});
