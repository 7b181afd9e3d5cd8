/**
 * Redis down: readiness fails naming Redis, an enqueue fails fast with a clear error, and a webhook
 * whose handler enqueues is answered 503 (GitHub records a failed delivery that can be redelivered)
 * instead of 200 for a review that was silently dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot } from 'probot';
import { BullmqQueue } from '../../src/queue/bullmq-queue.js';
import { QueueUnavailableError } from '../../src/queue/queue-unavailable-error.js';
import type { ReviewQueue } from '../../src/queue/types.js';
import { queueReadinessCheck, runReadinessChecks } from '../../src/server/ops-routes.js';
import { REDIS_URL, deleteKeys, uniquePrefix } from './redis-helpers.js';

const SECRET = 'test-webhook-secret';
const prefix = uniquePrefix('down');
let closedPort = 0;
let down: BullmqQueue;

beforeAll(async () => {
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  down = new BullmqQueue({ url: `redis://:hunter2@127.0.0.1:${closedPort}`, prefix, enqueueTimeoutMs: 1_500 });
});

afterAll(async () => {
  await down.close(500);
  await deleteKeys(prefix);
});

const payload = {
  action: 'synchronize',
  number: 7,
  installation: { id: 42 },
  repository: { name: 'shop', owner: { login: 'octo' } },
  pull_request: { number: 7, head: { sha: 'c'.repeat(40) } },
};

/** A Probot app whose pull_request handler only enqueues, behind a real HTTP server. */
async function serveWebhooks(queue: ReviewQueue): Promise<{ url: string; server: Server }> {
  const probot = new Probot({ githubToken: 'test-token', secret: SECRET, logLevel: 'fatal' });
  await probot.load((app) => {
    app.on('pull_request.synchronize', async (context) => {
      const { pull_request: pr, repository, installation } = context.payload;
      await queue.enqueue({ installationId: installation?.id ?? 0, owner: repository.owner.login, repo: repository.name, pullNumber: pr.number, headSha: pr.head.sha, trigger: 'pull_request', deliveryId: context.id });
    });
  });
  const middleware = await probot.getNodeMiddleware();
  const server = createServer((request, response) => {
    void middleware(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`, server };
}

async function deliver(url: string, deliveryId: string): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': deliveryId, 'x-hub-signature-256': signature },
    body,
  });
  return { status: response.status, body: await response.text() };
}

describe('Redis unreachable', () => {
  it('is not ready, and readiness names Redis as the failed check', async () => {
    expect(await down.ready()).toBe(false);
    const report = await runReadinessChecks([queueReadinessCheck(down, 'redis'), { name: 'agent definition', check: async () => true }]);
    expect(report).toEqual({ ready: false, checks: { redis: 'not ready', 'agent definition': 'ok' }, failed: ['redis'] });
  });

  it('rejects an enqueue quickly with a 503 error that names Redis without its password', async () => {
    const started = Date.now();
    const error = await down.enqueue({ installationId: 1, owner: 'octo', repo: 'shop', pullNumber: 7, headSha: 'c'.repeat(40), trigger: 'pull_request' }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain(`redis://127.0.0.1:${closedPort}`);
    expect(message).not.toContain('hunter2');
    expect((error as QueueUnavailableError).status).toBe(503);
  });

  it('answers the webhook 503, and the redelivery is enqueued once Redis answers', async () => {
    const failing = await serveWebhooks(down);
    const up = new BullmqQueue({ url: REDIS_URL, prefix });
    const working = await serveWebhooks(up);
    try {
      const first = await deliver(failing.url, 'delivery-1');
      expect(first.status).toBe(503);
      expect(JSON.parse(first.body)).toEqual({ error: expect.stringMatching(/^QueueUnavailableError: .*redis:\/\/127\.0\.0\.1:\d+/) });

      const redelivered = await deliver(working.url, 'delivery-1');
      expect(redelivered).toEqual({ status: 200, body: 'ok\n' });
      expect(await up.depth()).toBe(1);
    } finally {
      for (const { server } of [failing, working]) {
        server.close();
        server.closeAllConnections();
      }
      await up.close(500);
    }
  });
});
