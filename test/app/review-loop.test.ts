import { afterEach, describe, expect, it } from '@jest/globals';
import { parseFingerprintMarker, parseReviewMarker } from '../../src/core/render/review-comments.js';
import type { AgentReviewer } from '../../src/core/agent/types.js';
import { supersededBy } from '../../src/queue/review-aborted-error.js';
import { markerAgent } from '../github/helpers/fake-agent.js';
import { contractViolations } from '../github/helpers/openapi-contract.js';
import { Scenario } from '../github/helpers/scenario.js';
import { createTestApp, type TestApp } from '../github/helpers/test-app.js';
import { pullRequestPayload } from '../github/helpers/webhook-payloads.js';

const NOW = new Date('2025-01-01T00:00:00Z');
const REPO = '/repos/Codertocat/Hello-World';
const BASE = { 'notes/a.txt': 'one\ntwo\nthree\n' };
const HEAD = { 'notes/a.txt': 'one\ntwo PROBLEM\nthree\nfour\n' };

let scenario: Scenario | undefined;
afterEach(() => {
  if (!scenario) return;
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
  scenario = undefined;
});

function start(head: Record<string, string | null> = HEAD, base: Record<string, string> = BASE): Scenario {
  scenario = new Scenario({ base, head });
  return scenario;
}

async function app(options: { agent?: AgentReviewer | null; now?: () => Date; retry?: boolean; progressIntervalMs?: number } = {}): Promise<TestApp> {
  const agent = options.agent === undefined ? markerAgent() : options.agent;
  return createTestApp({
    ...(agent ? { agentFactory: () => agent } : {}),
    now: options.now ?? (() => NOW),
    ...(options.retry ? { retry: true } : {}),
    ...(options.progressIntervalMs ? { progressIntervalMs: options.progressIntervalMs } : {}),
  });
}

async function openPullRequest(testApp: TestApp, s: Scenario, action = 'opened', extra: { draft?: boolean; changes?: Record<string, unknown> } = {}): Promise<void> {
  await testApp.deliver('pull_request', pullRequestPayload(action, { headSha: s.head, baseSha: s.base, ...extra }));
}

/** The API calls of one ordinary review: a constant handful, whatever the number of findings. */
function typicalCalls(s: Scenario): string[] {
  return [
    'POST /app/installations/1/access_tokens',
    `GET ${REPO}/pulls/1`,
    `GET ${REPO}/contents/.github/backend-expert.yml`,
    'GET /repos/Codertocat/.github/contents/.github/backend-expert.yml',
    `POST ${REPO}/check-runs`,
    `GET ${REPO}/compare/${s.base}...${s.head}`,
    `GET ${REPO}/pulls/1`,
    `GET ${REPO}/tarball/${s.head}`,
    `GET ${REPO}/tarball/${s.base}`,
    `GET ${REPO}/pulls/1/reviews`,
    'POST /graphql',
    `GET ${REPO}/pulls/1`,
    `POST ${REPO}/pulls/1/reviews`,
    `PATCH ${REPO}/check-runs/1000`,
  ];
}

function bodiesOf(s: Scenario, method: string, path: string): Array<Record<string, unknown>> {
  return s.fake.apiRequests().filter((request) => request.method === method && request.path === path).map((request) => request.body as Record<string, unknown>);
}

describe('the review loop: one check run, one review', () => {
  it('answers the webhook without calling GitHub, then reviews from the queue', async () => {
    const s = start();
    const testApp = await app();
    await openPullRequest(testApp, s);
    expect(s.fake.requests).toEqual([]);
    expect(testApp.queue.enqueued.map((entry) => entry.job)).toEqual([
      { installationId: 1, owner: 'Codertocat', repo: 'Hello-World', pullNumber: 1, headSha: s.head, trigger: 'pull_request', deliveryId: 'delivery-1', full: true },
    ]);
    await testApp.queue.drain();
    expect(testApp.queue.errors).toEqual([]);
    expect(s.fake.calls()).toEqual(typicalCalls(s));
  });

  it('a redelivered webhook (same head) is one review', async () => {
    const s = start();
    const testApp = await app();
    await openPullRequest(testApp, s);
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect([testApp.queue.enqueued.length, s.fake.checkRuns.length, s.fake.reviews.length]).toEqual([1, 1, 1]);
  });

  it('creates the check run in progress, posts one review on right-side lines, completes the check run', async () => {
    const s = start();
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();

    const [created] = bodiesOf(s, 'POST', `${REPO}/check-runs`);
    expect(created).toEqual({
      name: 'Backend Expert',
      head_sha: s.head,
      external_id: `Codertocat__Hello-World__1__${s.head}`,
      status: 'in_progress',
      started_at: '2025-01-01T00:00:00.000Z',
      output: { title: 'Review in progress', summary: 'Current step: reading the change.' },
      actions: [{ label: 'Re-run review', description: 'Review this commit again', identifier: 'rerun-review' }],
    });

    const reviews = bodiesOf(s, 'POST', `${REPO}/pulls/1/reviews`);
    expect(reviews.length).toBe(1);
    const review = reviews[0]!;
    expect(Object.keys(review).sort()).toEqual(['body', 'comments', 'commit_id', 'event']);
    expect({ commit_id: review.commit_id, event: review.event }).toEqual({ commit_id: s.head, event: 'COMMENT' });
    const comments = review.comments as Array<Record<string, unknown>>;
    expect(comments.map(({ body, ...anchor }) => ({ ...anchor, marker: parseFingerprintMarker(String(body))?.source }))).toEqual([
      { path: 'notes/a.txt', line: 2, side: 'RIGHT', marker: 'agent' },
    ]);
    expect(parseReviewMarker(String(review.body))).toEqual({ head: s.head, base: s.base, run: `Codertocat__Hello-World__1__${s.head}`, fingerprints: [] });

    const [completed] = bodiesOf(s, 'PATCH', `${REPO}/check-runs/1000`);
    expect({ status: completed!.status, conclusion: completed!.conclusion, completed_at: completed!.completed_at }).toEqual({
      status: 'completed',
      // The agent is advisory unless agent.gate is on: its findings never fail the check.
      conclusion: 'success',
      completed_at: '2025-01-01T00:00:00.000Z',
    });
    const output = completed!.output as { title: string; annotations: Array<Record<string, unknown>> };
    expect(output.title).toBe('1 finding (1 high)');
    expect(output.annotations).toEqual([
      { path: 'notes/a.txt', start_line: 2, end_line: 2, annotation_level: 'warning', title: '[high] Problem on line 2', message: 'The line `two PROBLEM` has a problem.' },
    ]);
    expect(s.fake.reviews.length).toBe(1);
  });

  it('makes the same API calls for one finding and for forty', async () => {
    const lines = Array.from({ length: 40 }, (_, index) => `line ${index} PROBLEM`).join('\n');
    const s = start({ 'notes/a.txt': `${lines}\n` });
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.calls()).toEqual(typicalCalls(s));
    // max_comments (25) inline, the rest listed in the one review's body.
    const review = bodiesOf(s, 'POST', `${REPO}/pulls/1/reviews`)[0]!;
    expect((review.comments as unknown[]).length).toBe(25);
    expect(parseReviewMarker(String(review.body))?.fingerprints.length).toBe(15);
  });

  it.each([
    ['agent.gate off: the agent is advisory', 'fail_on: high\n', 'success', 'COMMENT'],
    ['gating finding below fail_on', 'fail_on: critical\nagent:\n  gate: true\nreview_event: REQUEST_CHANGES\n', 'neutral', 'COMMENT'],
    ['gating finding at fail_on', 'fail_on: high\nagent:\n  gate: true\nreview_event: REQUEST_CHANGES\n', 'failure', 'REQUEST_CHANGES'],
  ])('concludes from findings and config, never from the model: %s', async (_label, config, conclusion, event) => {
    const s = start();
    s.fake.repoConfig = config;
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(bodiesOf(s, 'PATCH', `${REPO}/check-runs/1000`)[0]!.conclusion).toBe(conclusion);
    expect(bodiesOf(s, 'POST', `${REPO}/pulls/1/reviews`)[0]!.event).toBe(event);
  });

  it('completes with success and posts no review when there is nothing to say', async () => {
    const s = start({ 'notes/a.txt': 'one\ntwo\nthree\nclean\n' });
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.calls()).toEqual(typicalCalls(s).filter((call) => call !== `POST ${REPO}/pulls/1/reviews`));
    expect(s.fake.checkRuns.map((run) => [run.status, run.conclusion, run.output.title])).toEqual([['completed', 'success', 'No findings']]);
  });

  it('reviews offline without an agent and says so', async () => {
    const s = start();
    const testApp = await app({ agent: null });
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    const run = s.fake.checkRuns[0]!;
    expect([run.conclusion, run.output.summary.includes('**offline** — no model key configured')]).toEqual(['success', true]);
  });
});

describe('what changed', () => {
  it('puts the routes a real Express change adds into the summary\'s route table', async () => {
    const app0 = "const express = require('express');\nconst app = express();\napp.get('/health', (req, res) => res.send('ok'));\nmodule.exports = app;\n";
    const app1 = app0.replace('module.exports', "app.get('/api/users/:id', (req, res) => res.json({ id: req.params.id }));\nmodule.exports");
    const s = start({ 'src/app.js': app1 }, { 'package.json': '{"dependencies":{"express":"^4.19.0"}}', 'src/app.js': app0 });
    const testApp = await app({ agent: null });
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    const summary = s.fake.checkRuns[0]!.output.summary.split('\n');
    const table = summary.slice(summary.indexOf('### What changed') + 2, summary.indexOf('### What changed') + 7);
    expect(table).toEqual(['| Method | Path | Change | File |', '| --- | --- | --- | --- |', '| `GET` | `/api/users/{id}` | added | `src/app.js:4` |', '', '1 unchanged route not listed.']);
    expect(s.fake.checkRuns[0]!.output.title.endsWith('1 route changed')).toBe(true);
  });
});

describe('drafts, retargets and closed pull requests', () => {
  it('skips a draft but completes its check run, then reviews when it is ready', async () => {
    const s = start();
    s.pull.draft = true;
    const testApp = await app();
    await openPullRequest(testApp, s, 'opened', { draft: true });
    await testApp.queue.drain();
    expect(s.fake.calls()).toEqual([
      'POST /app/installations/1/access_tokens',
      `GET ${REPO}/pulls/1`,
      `GET ${REPO}/contents/.github/backend-expert.yml`,
      'GET /repos/Codertocat/.github/contents/.github/backend-expert.yml',
      `POST ${REPO}/check-runs`,
    ]);
    expect(bodiesOf(s, 'POST', `${REPO}/check-runs`)[0]).toEqual({
      name: 'Backend Expert',
      head_sha: s.head,
      external_id: `Codertocat__Hello-World__1__${s.head}`,
      status: 'completed',
      conclusion: 'skipped',
      started_at: '2025-01-01T00:00:00.000Z',
      completed_at: '2025-01-01T00:00:00.000Z',
      output: {
        title: 'Review skipped',
        summary: 'This pull request is a draft: automatic reviews skip drafts (`skip_drafts` in the configuration). Mark it ready for review, or comment the review command, to review it.',
      },
      actions: [{ label: 'Re-run review', description: 'Review this commit again', identifier: 'rerun-review' }],
    });

    s.pull.draft = false;
    await openPullRequest(testApp, s, 'ready_for_review');
    await testApp.queue.drain();
    expect(s.fake.checkRuns.map((run) => [run.head_sha, run.conclusion])).toEqual([
      [s.head, 'skipped'],
      [s.head, 'success'],
    ]);
    expect(s.fake.reviews.length).toBe(1);
  });

  it('reviews an edited pull request only when its base branch changed', async () => {
    const s = start();
    const testApp = await app();
    await openPullRequest(testApp, s, 'edited', { changes: { title: { from: 'Old' } } });
    expect(testApp.queue.enqueued).toEqual([]);
    await openPullRequest(testApp, s, 'edited', { changes: { base: { ref: { from: 'develop' }, sha: { from: '0'.repeat(40) } } } });
    expect(testApp.queue.enqueued.map((entry) => [entry.job.trigger, entry.job.full])).toEqual([['pull_request', true]]);
  });

  it('leaves a pull request closed before its review ran', async () => {
    const s = start();
    const testApp = await app();
    await openPullRequest(testApp, s);
    s.pull.state = 'closed';
    await testApp.queue.drain();
    expect(s.fake.calls()).toEqual(['POST /app/installations/1/access_tokens', `GET ${REPO}/pulls/1`]);
  });

  it('completes the check run of a head that a push replaced before its review ran', async () => {
    const s = start();
    const testApp = await app();
    await openPullRequest(testApp, s);
    const old = s.head;
    const newer = s.push({ 'notes/a.txt': 'one\ntwo\n' });
    await testApp.queue.drain();
    expect(s.fake.checkRuns.map((run) => [run.head_sha, run.status, run.conclusion, run.output.summary])).toEqual([
      [old, 'completed', 'skipped', `A newer commit (\`${newer.slice(0, 7)}\`) is now the head of the pull request; it gets its own review.`],
    ]);
  });
});

describe('configuration', () => {
  it('completes the check run naming the file, key and problem of an invalid configuration', async () => {
    const s = start();
    s.fake.repoConfig = 'fail_on: sometimes\n';
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.calls()).toEqual([
      'POST /app/installations/1/access_tokens',
      `GET ${REPO}/pulls/1`,
      `GET ${REPO}/contents/.github/backend-expert.yml`,
      `POST ${REPO}/check-runs`,
    ]);
    const run = s.fake.checkRuns[0]!;
    expect([run.status, run.conclusion, run.output.title]).toEqual(['completed', 'neutral', 'Invalid configuration: .github/backend-expert.yml']);
    expect(run.output.summary.split('\n')[2]!.startsWith('- `fail_on`: ')).toBe(true);
  });

  it('reviews a pull request that edits the configuration with the trusted one, and flags the edited file\'s errors', async () => {
    const s = start({ ...HEAD, '.github/backend-expert.yml': 'fail_on: high\nmax_comments: 500\n' });
    s.fake.repoConfig = 'fail_on: critical\n';
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    const review = bodiesOf(s, 'POST', `${REPO}/pulls/1/reviews`)[0]!;
    expect((review.comments as Array<{ path: string; line: number; body: string }>).map((comment) => [comment.path, comment.line, parseFingerprintMarker(comment.body)?.source])).toEqual([
      ['.github/backend-expert.yml', 2, 'static'],
      ['notes/a.txt', 2, 'agent'],
    ]);
    const run = s.fake.checkRuns[0]!;
    // A high static finding under the trusted fail_on (critical) is neutral; the PR's own fail_on: high would fail it.
    expect(run.conclusion).toBe('neutral');
    expect(run.output.summary.includes('This pull request edits `.github/backend-expert.yml`: it was reviewed with the configuration of the default branch')).toBe(true);
  });
});

describe('getting the change', () => {
  it('falls back to the file list when GitHub refuses the diff as too large, and posts the same review', async () => {
    const s = start();
    s.fake.override('GET', /\/pulls\/1$/, (request) => (request.headers.accept?.includes('diff') ? [406, { message: 'Sorry, the diff exceeded the maximum number of lines (20000)' }] : s.fake.route(request)), 2);
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.calls().slice(5, 9)).toEqual([`GET ${REPO}/compare/${s.base}...${s.head}`, `GET ${REPO}/pulls/1`, `GET ${REPO}/pulls/1/files`, `GET ${REPO}/tarball/${s.head}`]);
    const comments = bodiesOf(s, 'POST', `${REPO}/pulls/1/reviews`)[0]!.comments as Array<{ path: string; line: number }>;
    expect(comments.map((comment) => [comment.path, comment.line])).toEqual([['notes/a.txt', 2]]);
    expect(s.fake.checkRuns[0]!.output.summary.includes('it was read file by file')).toBe(true);
  });
});

describe('posting exactly one review', () => {
  it('after a 502 for a review GitHub did create, finds it and does not post again', async () => {
    const s = start();
    s.fake.failAfterHandling('POST', /\/pulls\/1\/reviews$/, 502);
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.calls().slice(-3)).toEqual([`POST ${REPO}/pulls/1/reviews`, `GET ${REPO}/pulls/1/reviews`, `PATCH ${REPO}/check-runs/1000`]);
    expect(s.fake.reviews.length).toBe(1);
    expect(s.fake.checkRuns[0]!.conclusion).toBe('success');
  });

  it('after a 502 for a review GitHub did not create, posts it once more', async () => {
    const s = start();
    s.fake.override('POST', /\/pulls\/1\/reviews$/, () => [502, { message: 'Server Error' }]);
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.calls().slice(-4)).toEqual([`POST ${REPO}/pulls/1/reviews`, `GET ${REPO}/pulls/1/reviews`, `POST ${REPO}/pulls/1/reviews`, `PATCH ${REPO}/check-runs/1000`]);
    expect(s.fake.reviews.length).toBe(1);
  });

  it('posts the review with Octokit\'s retries off, even when they are on for everything else', async () => {
    const s = start();
    s.fake.override('POST', /\/pulls\/1\/reviews$/, () => [502, { message: 'Server Error' }]);
    const testApp = await app({ retry: true });
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.calls().filter((call) => call === `POST ${REPO}/pulls/1/reviews`).length).toBe(2);
    expect(s.fake.reviews.length).toBe(1);
  });

  it('after a 422 for one bad comment, posts the review without the doubtful comments and lists them in the body', async () => {
    const s = start({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree\nfour PROBLEM fixable\n' });
    s.fake.override('POST', /\/pulls\/1\/reviews$/, () => [422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] }]);
    const testApp = await app({ agent: markerAgent({ suggestion: (line) => (line.includes('fixable') ? 'four fixed' : undefined) }) });
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    const [first, second] = bodiesOf(s, 'POST', `${REPO}/pulls/1/reviews`);
    expect((first!.comments as Array<{ line: number }>).map((comment) => comment.line)).toEqual([2, 4]);
    expect((second!.comments as Array<{ line: number }>).map((comment) => comment.line)).toEqual([2]);
    expect(parseReviewMarker(String(second!.body))?.fingerprints.length).toBe(1);
    expect(s.fake.reviews.length).toBe(1);
    expect(s.fake.checkRuns[0]!.output.summary.includes('**Posted:** 1 new inline comment, 1 listed in the review body')).toBe(true);
  });

  it('does not post comments for a head that moved during the review', async () => {
    const s = start();
    const inner = markerAgent();
    let newer = '';
    const moving: AgentReviewer = {
      async review(input) {
        newer = s.push({ 'notes/b.txt': 'new\n' });
        return inner.review(input);
      },
    };
    const testApp = await app({ agent: moving });
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.reviews.length).toBe(0);
    const run = s.fake.checkRuns[0]!;
    expect([run.head_sha === newer, run.status, run.output.summary.includes(`The pull request moved to \`${newer.slice(0, 7)}\` before posting`)]).toEqual([false, 'completed', true]);
  });
});

describe('a review that breaks', () => {
  it.each([
    ['neutral by default', '', 'neutral'],
    ['failure with on_error: failure', 'on_error: failure\n', 'failure'],
  ])('completes the check run naming the error: %s', async (_label, config, conclusion) => {
    const s = start();
    if (config) s.fake.repoConfig = config;
    s.fake.override('GET', /\/tarball\//, () => [404, { message: 'Not Found' }]);
    const testApp = await app();
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    const run = s.fake.checkRuns[0]!;
    expect([run.status, run.conclusion, run.output.title]).toEqual(['completed', conclusion, 'Review failed: HttpError']);
    expect(s.fake.reviews.length).toBe(0);
  });

  it('a transient error leaves the check run in progress for the retry, which completes the same run', async () => {
    const s = start();
    s.fake.override('GET', /\/tarball\//, () => [502, { message: 'Bad Gateway' }]);
    const testApp = await app();
    testApp.queue.attempts = 2;
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(testApp.queue.errors.map((error) => (error as { status?: number }).status)).toEqual([502]);
    expect(s.fake.calls().filter((call) => call.includes('/check-runs'))).toEqual([
      `POST ${REPO}/check-runs`,
      `GET ${REPO}/commits/${s.head}/check-runs`,
      `PATCH ${REPO}/check-runs/1000`,
    ]);
    expect(s.fake.checkRuns.map((run) => [run.status, run.conclusion])).toEqual([['completed', 'success']]);
    expect(s.fake.reviews.length).toBe(1);
  });

  it('completes the check run of a superseded job as skipped, naming the newer head', async () => {
    const s = start();
    const testApp = await app();
    testApp.queue.abortWith = supersededBy('e'.repeat(40));
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    expect(s.fake.checkRuns.map((run) => [run.status, run.conclusion, run.output.summary])).toEqual([
      ['completed', 'skipped', 'A newer commit (`eeeeeee`) is now the head of the pull request; it gets its own review.'],
    ]);
    expect(s.fake.reviews.length).toBe(0);
  });

  it('writes progress into the check run of a long review, each update with title and summary', async () => {
    const s = start();
    let clock = NOW.getTime();
    const testApp = await app({ now: () => new Date((clock += 10_000)), progressIntervalMs: 15_000 });
    await openPullRequest(testApp, s);
    await testApp.queue.drain();
    const patches = bodiesOf(s, 'PATCH', `${REPO}/check-runs/1000`);
    const progress = patches.slice(0, -1);
    expect(progress.length).toBeGreaterThan(0);
    for (const patch of progress) {
      expect(Object.keys(patch)).toEqual(['output']);
      expect((patch.output as { title: string }).title).toBe('Review in progress');
    }
    expect(patches.at(-1)!.status).toBe('completed');
  });
});
