import { afterEach, describe, expect, it } from '@jest/globals';
import type { AgentReviewer } from '../../src/core/agent/types.js';
import { parseReviewMarker } from '../../src/core/render/review-comments.js';
import { markerAgent } from '../github/helpers/fake-agent.js';
import { contractViolations } from '../github/helpers/openapi-contract.js';
import { Scenario } from '../github/helpers/scenario.js';
import { createTestApp, type TestApp } from '../github/helpers/test-app.js';
import { pullRequestPayload } from '../github/helpers/webhook-payloads.js';

const REPO = '/repos/Codertocat/Hello-World';
const NOW = new Date('2025-01-01T00:00:00Z');

let scenario: Scenario | undefined;
afterEach(() => {
  if (!scenario) return;
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
  scenario = undefined;
});

async function opened(head: Record<string, string>, agent: () => AgentReviewer = () => markerAgent()): Promise<{ s: Scenario; testApp: TestApp }> {
  const s = new Scenario({ base: { 'notes/a.txt': 'one\n' }, head });
  scenario = s;
  const testApp = await createTestApp({ agentFactory: agent, now: () => NOW });
  await testApp.deliver('pull_request', pullRequestPayload('opened', { headSha: s.head, baseSha: s.base }));
  await testApp.queue.drain();
  return { s, testApp };
}

async function synchronize(testApp: TestApp, s: Scenario): Promise<void> {
  await testApp.deliver('pull_request', pullRequestPayload('synchronize', { headSha: s.head, baseSha: s.base }));
  await testApp.queue.drain();
  expect(testApp.queue.errors).toEqual([]);
}

/** Each posted review as the lines it commented on. */
function commentedLines(s: Scenario): Array<Array<[string, number]>> {
  return s.fake.reviews.map((review) => review.comments.map((comment) => [String(comment.path), Number(comment.line)] as [string, number]));
}

describe('incremental reviews', () => {
  it('two pushes in a row, each with one new problem: exactly one new comment each time', async () => {
    const { s, testApp } = await opened({ 'notes/a.txt': 'one\ntwo PROBLEM\n' });
    const first = s.head;
    s.push({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree PROBLEM\n' });
    const second = s.head;
    await synchronize(testApp, s);
    expect(s.fake.calls()).toContain(`GET ${REPO}/compare/${first}...${second}`);
    s.push({ 'notes/a.txt': 'zero\none\ntwo PROBLEM\nthree PROBLEM\nfour PROBLEM\n' });
    await synchronize(testApp, s);

    // Line numbers move (a line was added on top): the fingerprints do not.
    expect(commentedLines(s)).toEqual([[['notes/a.txt', 2]], [['notes/a.txt', 3]], [['notes/a.txt', 5]]]);
    expect(s.fake.reviews.map((review) => parseReviewMarker(review.body)?.head)).toEqual([first, second, s.head]);
    expect(s.fake.reviews[2]!.body.includes(`Incremental review: new findings since \`${second.slice(0, 7)}\`.`)).toBe(true);
    // The check run still covers the whole pull request.
    expect(s.fake.checkRuns.map((run) => run.output.title)).toEqual(['1 finding (1 high)', '2 findings (2 high)', '3 findings (3 high)']);
  });

  it('a push with nothing new posts no review, and the check run counts what was posted before', async () => {
    const { s, testApp } = await opened({ 'notes/a.txt': 'one\ntwo PROBLEM\n' });
    s.push({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree\n' });
    await synchronize(testApp, s);
    expect(s.fake.reviews.length).toBe(1);
    const run = s.fake.checkRuns[1]!;
    expect([run.conclusion, run.output.title]).toEqual(['success', '1 finding (1 high)']);
    expect(run.output.summary.includes('**Posted:** 0 new inline comments, 0 listed in the review body; 1 already posted earlier')).toBe(true);
  });

  it('comments only on lines new since the last review; a force-push falls back to a full review', async () => {
    // The model's second opinion flags a line it let pass the first time.
    let markers = ['PROBLEM'];
    const agent = (): AgentReviewer => ({
      async review(input) {
        const outputs = await Promise.all(markers.map((marker) => markerAgent({ marker }).review(input)));
        return { ...outputs[0]!, findings: outputs.flatMap((output) => output.findings) };
      },
    });
    const { s, testApp } = await opened({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree ISSUE\n' }, agent);
    const lastReviewed = s.head;
    markers = ['PROBLEM', 'ISSUE'];
    s.push({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree ISSUE\nfour\n' });
    await synchronize(testApp, s);
    expect(commentedLines(s)).toEqual([[['notes/a.txt', 2]]]);

    s.forcePush({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree ISSUE\nfour\n' });
    await synchronize(testApp, s);
    // Compared with the last head a review was posted for, which is no longer an ancestor.
    expect(s.fake.calls()).toContain(`GET ${REPO}/compare/${lastReviewed}...${s.head}`);
    // Full review: the ISSUE line gets its comment; the PROBLEM line, already commented, does not.
    expect(commentedLines(s)).toEqual([[['notes/a.txt', 2]], [['notes/a.txt', 3]]]);
    expect(s.fake.reviews[1]!.body.includes('Incremental review')).toBe(false);
  });

  it('resolves the threads of findings that disappeared after a fix, except where a person replied', async () => {
    const { s, testApp } = await opened({ 'notes/a.txt': 'one\n', '.github/backend-expert.yml': 'max_comments: 500\nfail_on: sometimes\n' });
    expect(commentedLines(s)).toEqual([[['.github/backend-expert.yml', 1], ['.github/backend-expert.yml', 2]]]);
    s.fake.threads[1]!.comments.push({ id: 1, body: 'We need this value, see the runbook.', author: { __typename: 'User', login: 'Codertocat' }, thumbsDown: 0 });

    s.push({ '.github/backend-expert.yml': 'max_comments: 20\nfail_on: high\n' });
    await synchronize(testApp, s);
    const mutations = s.fake.apiRequests().filter((request) => request.path === '/graphql' && String((request.body as { query: string }).query).includes('resolveReviewThread'));
    expect(mutations.map((request) => (request.body as { variables: unknown }).variables)).toEqual([{ threadId: s.fake.threads[0]!.id }]);
    expect(s.fake.threads.map((thread) => thread.isResolved)).toEqual([true, false]);
    expect(s.fake.checkRuns[1]!.output.summary.includes('1 thread resolved as fixed')).toBe(true);
  });

  it.each([
    ['resolved its thread', (thread: Scenario['fake']['threads'][number]) => Object.assign(thread, { isResolved: true, resolvedBy: { login: 'Codertocat' } })],
    ['answered it with 👎', (thread: Scenario['fake']['threads'][number]) => Object.assign(thread.comments[0]!, { thumbsDown: 1 })],
  ])('never raises again a finding a person dismissed (%s)', async (_label, dismiss) => {
    const { s, testApp } = await opened({ 'notes/a.txt': 'one\ntwo PROBLEM\n' });
    dismiss(s.fake.threads[0]!);
    // A force-push means a full review: only the dismissal keeps the finding from coming back.
    s.forcePush({ 'notes/a.txt': 'one\ntwo PROBLEM\n' });
    await synchronize(testApp, s);
    expect(s.fake.reviews.length).toBe(1);
    expect(s.fake.checkRuns[1]!.output.summary.includes('0 already posted earlier; 1 dismissed by a person')).toBe(true);
  });

  it('keeps one sticky summary comment, updated in place', async () => {
    const { s, testApp } = await opened({ 'notes/a.txt': 'one\ntwo PROBLEM\n' }, () => markerAgent());
    expect(s.fake.issueComments.length).toBe(0);
    s.fake.repoConfig = 'summary_comment: true\n';
    s.push({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree PROBLEM\n' });
    await synchronize(testApp, s);
    s.push({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree PROBLEM\nfour\n' });
    await synchronize(testApp, s);
    expect(s.fake.issueComments.length).toBe(1);
    expect(s.fake.calls().filter((call) => call.includes('/issues/')).map((call) => call.replace(/\d+$/, 'ID'))).toEqual([
      `GET ${REPO}/issues/1/comments`,
      `POST ${REPO}/issues/1/comments`,
      `GET ${REPO}/issues/1/comments`,
      `PATCH ${REPO}/issues/comments/ID`,
    ]);
    expect(s.fake.issueComments[0]!.body.startsWith('## ✅ Passed: advisory findings only')).toBe(true);
    expect(s.fake.issueComments[0]!.body.endsWith('<!-- backend-expert:summary -->')).toBe(true);
  });
});
