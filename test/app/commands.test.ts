import { afterEach, describe, expect, it } from '@jest/globals';
import { markerAgent } from '../github/helpers/fake-agent.js';
import { contractViolations } from '../github/helpers/openapi-contract.js';
import { Scenario } from '../github/helpers/scenario.js';
import { createTestApp, type TestApp } from '../github/helpers/test-app.js';
import { issueCommentPayload, pullRequestPayload, type IssueCommentOptions } from '../github/helpers/webhook-payloads.js';

const REPO = '/repos/Codertocat/Hello-World';
const START = new Date('2025-01-01T00:00:00Z').getTime();
const CONFIG_CALLS = [`GET ${REPO}/contents/.github/backend-expert.yml`, 'GET /repos/Codertocat/.github/contents/.github/backend-expert.yml'];

let scenario: Scenario | undefined;
let clock = START;
afterEach(() => {
  if (!scenario) return;
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
  scenario = undefined;
});

async function setUp(roles: Record<string, string> = { Codertocat: 'write' }): Promise<{ s: Scenario; testApp: TestApp }> {
  clock = START;
  const s = new Scenario({ base: { 'notes/a.txt': 'one\n' }, head: { 'notes/a.txt': 'one\ntwo PROBLEM\n' } });
  scenario = s;
  for (const [login, role] of Object.entries(roles)) s.fake.roles.set(login, role);
  const testApp = await createTestApp({ agentFactory: () => markerAgent(), now: () => new Date(clock) });
  return { s, testApp };
}

function comment(testApp: TestApp, options: IssueCommentOptions): Promise<void> {
  return testApp.deliver('issue_comment', issueCommentPayload(options));
}

describe('/expert review', () => {
  it.each(['write', 'maintain', 'admin'])('is obeyed for a user with %s permission: 👀 at once, a full review, then 🚀', async (role) => {
    const { s, testApp } = await setUp({ Codertocat: role });
    await comment(testApp, { body: '/expert review', commentId: 77 });
    expect(s.fake.calls()).toEqual([
      'POST /app/installations/1/access_tokens',
      ...CONFIG_CALLS,
      `GET ${REPO}/collaborators/Codertocat/permission`,
      `GET ${REPO}/pulls/1`,
      `GET ${REPO}/commits/${s.head}/check-runs`,
      `POST ${REPO}/issues/comments/77/reactions`,
    ]);
    expect(s.fake.reactions).toEqual([{ commentId: 77, content: 'eyes' }]);
    expect(testApp.queue.enqueued.map((entry) => entry.job)).toEqual([
      { installationId: 1, owner: 'Codertocat', repo: 'Hello-World', pullNumber: 1, headSha: s.head, trigger: 'command', deliveryId: 'delivery-1', full: true, commentId: 77 },
    ]);
    await testApp.queue.drain();
    expect(s.fake.reviews.length).toBe(1);
    expect(s.fake.checkRuns.map((run) => run.conclusion)).toEqual(['success']);
    expect(s.fake.reactions).toEqual([
      { commentId: 77, content: 'eyes' },
      { commentId: 77, content: 'rocket' },
    ]);
  });

  it.each([
    ['read permission', { Codertocat: 'read' }],
    ['triage permission', { Codertocat: 'triage' }],
    ['no access at all', {}],
  ])('answers someone with %s once per pull request, politely, and starts nothing', async (_label, roles) => {
    const { s, testApp } = await setUp(roles);
    await comment(testApp, { body: '/expert review', commentId: 1 });
    await comment(testApp, { body: '/expert review', commentId: 2 });
    expect(testApp.queue.enqueued).toEqual([]);
    expect(s.fake.reactions).toEqual([]);
    expect(s.fake.issueComments.length).toBe(1);
    expect(s.fake.issueComments[0]!.body.startsWith('Thanks, @Codertocat! Only people with write access to this repository can ask Backend Expert for reviews')).toBe(true);
    expect(s.fake.calls().filter((call) => call.startsWith(`POST ${REPO}/issues/1/comments`)).length).toBe(1);
  });

  it('ignores bots, this app included, without a single request', async () => {
    const { s, testApp } = await setUp();
    await comment(testApp, { body: '/expert review', login: 'dependabot[bot]', userType: 'Bot' });
    await comment(testApp, { body: '/expert review', login: 'backend-expert[bot]', userType: 'Bot' });
    expect(s.fake.requests).toEqual([]);
    expect(testApp.queue.enqueued).toEqual([]);
  });

  it('ignores commands in quotes and code, and comments on plain issues', async () => {
    const { s, testApp } = await setUp();
    await comment(testApp, { body: '> /expert review\n\nWhy did you write this?' });
    await comment(testApp, { body: 'Run:\n```\n/expert review\n```' });
    expect(s.fake.calls()).toEqual(['POST /app/installations/1/access_tokens', ...CONFIG_CALLS, ...CONFIG_CALLS]);
    await comment(testApp, { body: '/expert review', onPullRequest: false });
    expect(s.fake.calls().length).toBe(5);
    expect(testApp.queue.enqueued).toEqual([]);
  });

  it('keeps a per-pull-request cooldown, read from the latest check run on GitHub', async () => {
    const { s, testApp } = await setUp();
    s.fake.repoConfig = 'commands:\n  cooldown_seconds: 60\n';
    await testApp.deliver('pull_request', pullRequestPayload('opened', { headSha: s.head, baseSha: s.base }));
    await testApp.queue.drain();
    clock = START + 10_000;
    await comment(testApp, { body: '/expert review', commentId: 5 });
    expect(testApp.queue.enqueued.length).toBe(1);
    expect(s.fake.reactions).toEqual([]);
    expect(s.fake.issueComments.map((entry) => entry.body)).toEqual(['A review of this pull request started moments ago; ask again in 50 s.']);
    clock = START + 61_000;
    await comment(testApp, { body: '/expert review', commentId: 6 });
    expect(testApp.queue.enqueued.map((entry) => entry.job.trigger)).toEqual(['pull_request', 'command']);
    expect(s.fake.reactions).toEqual([{ commentId: 6, content: 'eyes' }]);
  });

  it('takes the prefix from the configuration', async () => {
    const { testApp, s } = await setUp();
    s.fake.repoConfig = 'commands:\n  prefix: "@be"\n';
    await comment(testApp, { body: '/expert review' });
    expect(testApp.queue.enqueued).toEqual([]);
    await comment(testApp, { body: '@be review' });
    expect(testApp.queue.enqueued.map((entry) => entry.job.trigger)).toEqual(['command']);
  });
});

describe('/expert help, pause and resume', () => {
  it('answers help with the commands and the configuration in force', async () => {
    const { s, testApp } = await setUp();
    s.fake.repoConfig = 'fail_on: high\n';
    await comment(testApp, { body: '/expert help', commentId: 9 });
    expect(s.fake.reactions).toEqual([
      { commentId: 9, content: 'eyes' },
      { commentId: 9, content: '+1' },
    ]);
    const reply = s.fake.issueComments[0]!.body.split('\n');
    expect(reply.slice(0, 7)).toEqual([
      '### Backend Expert commands',
      '',
      "- `/expert review` — review the pull request's current head now, in full.",
      '- `/expert pause` — stop automatic reviews on this pull request (adds the `backend-expert:paused` label).',
      '- `/expert resume` — restart automatic reviews (removes the label).',
      '- `/expert help` — this message.',
      '',
    ]);
    expect(reply.includes('- `fail_on`: `high` · `on_error`: `neutral` · `review_event`: `COMMENT`')).toBe(true);
    expect(testApp.queue.enqueued).toEqual([]);
  });

  it('answers an unknown sub-command with help', async () => {
    const { s, testApp } = await setUp();
    await comment(testApp, { body: '/expert deploy' });
    expect(s.fake.issueComments[0]!.body.split('\n').slice(0, 3)).toEqual(['`/expert deploy` is not a command I know.', '', '### Backend Expert commands']);
  });

  it('pauses automatic reviews with a label on GitHub, and resumes them', async () => {
    const { s, testApp } = await setUp();
    await comment(testApp, { body: '/expert pause', commentId: 11 });
    expect(s.pull.labels).toEqual([{ name: 'backend-expert:paused' }]);
    expect(s.fake.apiRequests().find((request) => request.path === `${REPO}/issues/1/labels`)?.body).toEqual({ labels: ['backend-expert:paused'] });

    s.push({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree PROBLEM\n' });
    await testApp.deliver('pull_request', pullRequestPayload('synchronize', { headSha: s.head, baseSha: s.base, labels: ['backend-expert:paused'] }));
    await testApp.queue.drain();
    expect(s.fake.reviews.length).toBe(0);
    expect(s.fake.checkRuns.map((run) => [run.status, run.conclusion, run.output.summary])).toEqual([
      ['completed', 'skipped', 'Automatic reviews are paused on this pull request. Comment `/expert resume` to restart them, or `/expert review` for one review now.'],
    ]);

    await comment(testApp, { body: '/expert resume', commentId: 12 });
    expect(s.pull.labels).toEqual([]);
    s.push({ 'notes/a.txt': 'one\ntwo PROBLEM\nthree PROBLEM\nfour\n' });
    await testApp.deliver('pull_request', pullRequestPayload('synchronize', { headSha: s.head, baseSha: s.base }));
    await testApp.queue.drain();
    expect(s.fake.reviews.length).toBe(1);
    expect(s.fake.reactions).toEqual([
      { commentId: 11, content: 'eyes' },
      { commentId: 11, content: '+1' },
      { commentId: 12, content: 'eyes' },
      { commentId: 12, content: '+1' },
    ]);
  });

  it('resuming a pull request that is not paused is harmless', async () => {
    const { s, testApp } = await setUp();
    await comment(testApp, { body: '/expert resume', commentId: 13 });
    expect(s.fake.calls().slice(-2)).toEqual([`DELETE ${REPO}/issues/1/labels/backend-expert:paused`, `POST ${REPO}/issues/comments/13/reactions`]);
  });
});
