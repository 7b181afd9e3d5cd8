import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';
import { createApp } from '../../src/app/create-app.js';
import { Scenario } from '../github/helpers/scenario.js';
import { TestQueue } from '../github/helpers/test-queue.js';
import { checkRunPayload, checkSuitePayload, issueCommentPayload, pullRequestPayload } from '../github/helpers/webhook-payloads.js';

/**
 * Webhooks GitHub may send that the app cannot act on: payloads missing or mistyping the fields the
 * handlers read, actions and events the app does not handle, and events of installations that lost
 * access. Each goes through the real HTTP path (signed, as GitHub sends it: the status is what GitHub
 * sees) or the queue's worker, is answered 2xx/4xx, never 5xx, and leaves exactly one log line.
 */

const PRIVATE_KEY = readFileSync(new URL('../fixtures/github/private-key.pem', import.meta.url), 'utf8');
const SECRET = 'hostile-webhooks-secret';
const WEBHOOK_PATH = '/api/github/webhooks';
const REPO = '/repos/Codertocat/Hello-World';
const SHA = 'a'.repeat(40);
const BASE_SHA = 'b'.repeat(40);

type LogLine = Record<string, unknown> & { level: number; msg: string };

interface Harness {
  queue: TestQueue;
  logs: LogLine[];
  /** POSTs a signed webhook; resolves with the HTTP status. */
  post(event: string, payload: unknown, delivery: string, signature?: string): Promise<number>;
  /** The lines at info or above (Probot's request traces are debug). */
  lines(): LogLine[];
}

let server: Server | undefined;
let scenario: Scenario | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  scenario?.cleanup();
  scenario = undefined;
});

/** A Probot whose pino logger writes into `logs`, the app loaded behind Probot's own Node middleware. */
async function startApp(role: 'all' | 'web' = 'web'): Promise<Harness & { probot: Probot }> {
  const logs: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const probot = new Probot({
    appId: 123,
    privateKey: PRIVATE_KEY,
    secret: SECRET,
    log,
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object | undefined), enabled: false },
    })),
  });
  const queue = new TestQueue();
  const middleware = await createNodeMiddleware(createApp({ queue, role, now: () => new Date('2025-01-01T00:00:00Z') }), { probot, webhooksPath: WEBHOOK_PATH });
  server = createServer((request, response) => {
    void middleware(request, response, () => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    probot,
    queue,
    logs,
    lines: () => logs.filter((line) => line.level >= 30),
    post: async (event, payload, delivery, forged) => {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      const signature = forged ?? `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      const response = await fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': signature },
        body,
      });
      await response.text();
      return response.status;
    },
  };
}

function without(payload: Record<string, unknown>, path: string): Record<string, unknown> {
  const keys = path.split('.');
  let target = payload;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  delete target[keys.at(-1)!];
  return payload;
}

function withValue(payload: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let target = payload;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return payload;
}

const opened = () => pullRequestPayload('opened', { headSha: SHA, baseSha: BASE_SHA });
const comment = () => issueCommentPayload({ body: '/expert review' });
const rerun = () => checkRunPayload('rerequested', { headSha: SHA, pullNumbers: [1] });

/** The one line a dropped delivery leaves: level, message, and the fields naming it. */
function summary(line: LogLine | undefined): Record<string, unknown> | undefined {
  if (!line) return undefined;
  return { level: line.level, msg: line.msg, delivery: line.delivery, event: line.event, reason: line.reason };
}

describe('webhook payloads the handlers cannot read', () => {
  beforeEach(() => {
    // No GitHub at all: a dropped payload must not lead to a single request.
    scenario = new Scenario({ base: { 'a.txt': 'a\n' }, head: { 'a.txt': 'b\n' } });
  });

  it.each([
    ['pull_request', 'pull_request.head missing', () => without(opened(), 'pull_request.head'), 'pull_request.opened', 'pull_request.head: required'],
    ['pull_request', 'pull_request.number a string', () => withValue(withValue(opened(), 'number', '1'), 'pull_request.number', '1'), 'pull_request.opened', 'pull_request.number: expected a positive integer'],
    ['pull_request', 'pull_request.head.sha a number', () => withValue(opened(), 'pull_request.head.sha', 42), 'pull_request.opened', 'pull_request.head.sha: expected a string'],
    ['pull_request', 'repository null', () => withValue(opened(), 'repository', null), 'pull_request.opened', 'repository: expected an object'],
    ['pull_request', 'installation missing', () => without(opened(), 'installation'), 'pull_request.opened', 'installation: required'],
    ['pull_request', 'installation.id a string', () => withValue(opened(), 'installation.id', 'one'), 'pull_request.opened', 'installation.id: expected a positive integer'],
    ['issue_comment', 'comment.body null', () => withValue(comment(), 'comment.body', null), 'issue_comment.created', 'comment.body: expected a string'],
    ['issue_comment', 'issue missing', () => without(comment(), 'issue'), 'issue_comment.created', 'issue: required'],
    ['check_run', 'check_run.pull_requests missing', () => without(rerun(), 'check_run.pull_requests'), 'check_run.rerequested', 'check_run.pull_requests: required'],
    ['check_run', 'a pull request stub without its number', rerunWithoutStubNumber, 'check_run.rerequested', 'check_run.pull_requests.0.number: required'],
    ['check_suite', 'check_suite.head_sha null', () => withValue(checkSuitePayload({ headSha: SHA, pullNumbers: [1] }), 'check_suite.head_sha', null), 'check_suite.rerequested', 'check_suite.head_sha: expected a string'],
  ])('%s with %s: 200, nothing enqueued, one warning naming the field', async (event, _label, payload, key, reason) => {
    const app = await startApp();
    expect(await app.post(event, payload(), 'delivery-bad')).toBe(200);
    expect(app.queue.enqueued).toEqual([]);
    expect(app.lines().map(summary)).toEqual([
      { level: 40, msg: 'webhook dropped: the payload lacks fields this app reads', delivery: 'delivery-bad', event: key, reason },
    ]);
    expect(scenario!.fake.requests).toEqual([]);
  });

  it.each([
    ['pull_request', 'labeled', () => withValue(opened(), 'action', 'labeled'), 'pull_request.labeled'],
    ['pull_request', 'milestoned', () => withValue(opened(), 'action', 'milestoned'), 'pull_request.milestoned'],
    ['pull_request', 'an action that is not a string', () => withValue(opened(), 'action', 7), 'pull_request'],
    ['issue_comment', 'edited', () => withValue(comment(), 'action', 'edited'), 'issue_comment.edited'],
    ['check_run', 'completed', () => withValue(rerun(), 'action', 'completed'), 'check_run.completed'],
    ['star', 'an event the app does not subscribe to', () => ({ action: 'created', starred_at: null, repository: opened().repository, sender: opened().sender }), 'star.created'],
    ['installation_repositories', 'removed (access withdrawn)', () => ({ action: 'removed', installation: { id: 1 }, repositories_removed: [{ id: 1, name: 'Hello-World' }] }), 'installation_repositories.removed'],
  ])('%s %s: 200 and one info line, nothing enqueued', async (event, _label, payload, key) => {
    const app = await startApp();
    expect(await app.post(event, payload(), 'delivery-other')).toBe(200);
    expect(app.queue.enqueued).toEqual([]);
    expect(app.lines().map(summary)).toEqual([
      { level: 30, msg: 'webhook ignored: not an event this app acts on', delivery: 'delivery-other', event: key, reason: undefined },
    ]);
    expect(scenario!.fake.requests).toEqual([]);
  });

  it.each([
    ['a JSON array', '[]'],
    ['a JSON string', '"hello"'],
    ['JSON null', 'null'],
  ])('a body that is %s (Probot itself would throw: 500) is dropped before Probot reads it', async (_label, body) => {
    const app = await startApp();
    expect(await app.post('pull_request', body, 'delivery-json')).toBe(200);
    expect(app.queue.enqueued).toEqual([]);
    expect(app.lines().map(summary)).toEqual([
      { level: 40, msg: 'webhook dropped: the payload lacks fields this app reads', delivery: 'delivery-json', event: 'pull_request', reason: 'payload: expected an object' },
    ]);
  });

  it('a body that is not JSON is answered 400 by Probot, once logged', async () => {
    const app = await startApp();
    expect(await app.post('pull_request', '{"action": "opened",', 'delivery-broken')).toBe(400);
    expect(app.lines().length).toBe(1);
  });

  it('an unsigned bad payload is not ours to log: Probot refuses it with 400', async () => {
    const app = await startApp();
    const status = await app.post('pull_request', 'null', 'delivery-unsigned', 'sha256=' + '0'.repeat(64));
    expect(status).toBe(400);
    expect(app.lines().filter((line) => line.msg === 'webhook dropped: the payload lacks fields this app reads')).toEqual([]);
  });

  it('a valid payload still reaches the queue, with no warning', async () => {
    const app = await startApp();
    expect(await app.post('pull_request', opened(), 'delivery-good')).toBe(200);
    expect(app.queue.enqueued.map((entry) => entry.job.deliveryId)).toEqual(['delivery-good']);
    expect(app.lines().filter((line) => line.level >= 40)).toEqual([]);
  });
});

/** A check_run payload whose one pull request stub lacks its number. */
function rerunWithoutStubNumber(): Record<string, unknown> {
  const payload = rerun();
  delete (payload.check_run as { pull_requests: Array<Record<string, unknown>> }).pull_requests[0]!.number;
  return payload;
}

describe('handlers that fail against GitHub', () => {
  it.each([
    ['the installation token exchange answers 404 (app uninstalled)', 'POST', /^\/app\/installations\/1\/access_tokens$/, 404],
    ['the installation token exchange answers 403 (installation suspended)', 'POST', /^\/app\/installations\/1\/access_tokens$/, 403],
    ['the permission check answers 403 (permission withdrawn)', 'GET', /^\/repos\/Codertocat\/Hello-World\/collaborators\//, 403],
  ])('a command when %s: 200, one warning with the status', async (_label, method, path, status) => {
    scenario = new Scenario({ base: { 'a.txt': 'a\n' }, head: { 'a.txt': 'b\n' } });
    scenario.fake.override(method, path, () => [status, { message: status === 404 ? 'Not Found' : 'This installation has been suspended' }], 10);
    const app = await startApp();
    expect(await app.post('issue_comment', comment(), 'delivery-lost')).toBe(200);
    expect(app.queue.enqueued).toEqual([]);
    expect(app.lines().map((line) => ({ level: line.level, msg: line.msg, delivery: line.delivery, event: line.event, status: line.status }))).toEqual([
      { level: 40, msg: 'webhook not handled: GitHub refused a request', delivery: 'delivery-lost', event: 'issue_comment.created', status },
    ]);
  });

  it('a fork re-run whose PR lookup fails with 403: 200, one warning', async () => {
    scenario = new Scenario({ base: { 'a.txt': 'a\n' }, head: { 'a.txt': 'b\n' } });
    scenario.fake.override('POST', /access_tokens$/, () => [403, { message: 'This installation has been suspended' }], 10);
    const app = await startApp();
    expect(await app.post('check_run', checkRunPayload('rerequested', { headSha: SHA, pullNumbers: [] }), 'delivery-fork')).toBe(200);
    expect(app.lines().map((line) => [line.level, line.msg, line.delivery, line.status])).toEqual([[40, 'webhook not handled: GitHub refused a request', 'delivery-fork', 403]]);
  });
});

describe('reviews of repositories the installation lost access to (the queue worker)', () => {
  /** The app in the `all` role: deliveries enqueue, `queue.drain()` runs the worker as the real queues do. */
  async function queued(attempts = 3) {
    scenario = new Scenario({ base: { 'a.txt': 'a\n' }, head: { 'a.txt': 'b\n' } });
    const app = await startApp('all');
    app.queue.attempts = attempts;
    expect(await app.post('pull_request', pullRequestPayload('opened', { headSha: scenario.head, baseSha: scenario.base }), 'delivery-queued')).toBe(200);
    return { s: scenario, app };
  }

  function jobLines(app: Harness): Array<Record<string, unknown>> {
    return app.lines().map((line) => ({ level: line.level, msg: line.msg, delivery: line.delivery, outcome: line.outcome, status: line.status, checkRun: line.checkRun }));
  }

  it.each([
    ['404 (app uninstalled)', 404],
    ['403 (installation suspended)', 403],
  ])('a token exchange answering %s ends the job at once: no retry, no check run, one warning', async (_label, status) => {
    const { s, app } = await queued();
    s.fake.override('POST', /access_tokens$/, () => [status, { message: 'Not Found' }], 10);
    await app.queue.drain();
    expect(app.queue.errors).toEqual([]);
    expect(s.fake.calls()).toEqual(['POST /app/installations/1/access_tokens']);
    expect(jobLines(app)).toEqual([
      { level: 40, msg: 'review failed: the installation cannot act on this repository', delivery: 'delivery-queued', outcome: 'failed', status, checkRun: 'not created: no installation token' },
    ]);
  });

  it('pulls.get answering 404 ends the job at once; the check run is created neutral when GitHub allows it', async () => {
    const { s, app } = await queued();
    s.fake.override('GET', /^\/repos\/Codertocat\/Hello-World\/pulls\/1$/, () => [404, { message: 'Not Found' }], 10);
    await app.queue.drain();
    expect(app.queue.errors).toEqual([]);
    expect(s.fake.calls()).toEqual(['POST /app/installations/1/access_tokens', `GET ${REPO}/pulls/1`, `POST ${REPO}/check-runs`]);
    expect(s.fake.checkRuns.map((run) => [run.status, run.conclusion])).toEqual([['completed', 'neutral']]);
    expect(jobLines(app)).toEqual([
      { level: 40, msg: 'review failed: the installation cannot act on this repository', delivery: 'delivery-queued', outcome: 'failed', status: 404, checkRun: 'completed neutral' },
    ]);
  });

  it('the repository removed from the installation: pulls.get and the check run both 404, one warning says so', async () => {
    const { s, app } = await queued();
    s.fake.override('GET', /^\/repos\/Codertocat\/Hello-World\/pulls\/1$/, () => [404, { message: 'Not Found' }], 10);
    s.fake.override('POST', /^\/repos\/Codertocat\/Hello-World\/check-runs$/, () => [404, { message: 'Not Found' }], 10);
    await app.queue.drain();
    expect(app.queue.errors).toEqual([]);
    expect(s.fake.calls()).toEqual(['POST /app/installations/1/access_tokens', `GET ${REPO}/pulls/1`, `POST ${REPO}/check-runs`]);
    expect(jobLines(app)).toEqual([
      { level: 40, msg: 'review failed: the installation cannot act on this repository', delivery: 'delivery-queued', outcome: 'failed', status: 404, checkRun: 'not created: GitHub answered 404' },
    ]);
  });

  it('a review that succeeds leaves one info line', async () => {
    const { app } = await queued();
    await app.queue.drain();
    expect(app.queue.errors).toEqual([]);
    expect(jobLines(app)).toEqual([{ level: 30, msg: 'review job finished', delivery: 'delivery-queued', outcome: 'reviewed', status: undefined, checkRun: undefined }]);
  });
});
