import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import { createMetrics } from '../../src/server/metrics.js';
import { registerOpsRoutes, runReadinessChecks, type ReadinessCheck } from '../../src/server/ops-routes.js';
import { startOpsServer, type OpsServer } from '../../src/server/ops-server.js';
import { sampleLines } from './metrics-text.js';

const servers: OpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function get(base: string, path: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${base}${path}`, { headers: { connection: 'close' } });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

async function serve(readinessChecks: ReadinessCheck[]): Promise<string> {
  const metrics = createMetrics();
  metrics.recordWebhook('pull_request.opened');
  const server = await startOpsServer({ metrics, readinessChecks, port: 0, host: '127.0.0.1', checkTimeoutMs: 200 });
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

describe('ops routes on the worker’s own server', () => {
  it('answers /healthz while alive', async () => {
    const base = await serve([]);
    expect(await get(base, '/healthz')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: '{"status":"ok"}\n' });
  });

  it('answers /readyz 200 when every check passes', async () => {
    const base = await serve([
      { name: 'redis', check: async () => true },
      { name: 'agent definition', check: async () => undefined },
    ]);
    const response = await get(base, '/readyz');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ready', checks: { redis: 'ok', 'agent definition': 'ok' }, failed: [] });
  });

  it('answers /readyz 503 naming each failed check and why', async () => {
    const base = await serve([
      { name: 'redis', check: async () => false },
      {
        name: 'agent definition',
        check: async () => {
          throw new Error('agents/backend-expert.md not loaded');
        },
      },
      { name: 'slow', check: () => new Promise<boolean>(() => {}) },
      { name: 'shutdown', check: async () => true },
    ]);
    const response = await get(base, '/readyz');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toEqual({
      status: 'not ready',
      checks: { redis: 'not ready', 'agent definition': 'agents/backend-expert.md not loaded', slow: 'no answer within 200 ms', shutdown: 'ok' },
      failed: ['redis', 'agent definition', 'slow'],
    });
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const base = await serve([]);
    const response = await get(base, '/metrics');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sampleLines(response.body, 'backend_expert_webhooks')).toEqual(['backend_expert_webhooks_received_total{event="pull_request.opened"} 1']);
  });

  it('answers 404 for anything else', async () => {
    const base = await serve([]);
    expect((await get(base, '/api/github/webhooks')).status).toBe(404);
  });
});

describe('runReadinessChecks', () => {
  it('runs the checks concurrently', async () => {
    const started = Date.now();
    const slow = (): Promise<boolean> => new Promise((resolve) => setTimeout(() => resolve(true), 150));
    const report = await runReadinessChecks([
      { name: 'a', check: slow },
      { name: 'b', check: slow },
      { name: 'c', check: slow },
    ]);
    expect(report.ready).toBe(true);
    expect(Date.now() - started).toBeLessThan(400);
  });
});

describe('ops routes on the Probot server', () => {
  it('mounts /healthz, /readyz and /metrics through addHandler beside the webhook route', async () => {
    const port = await freePort();
    const metrics = createMetrics();
    const log = pino({ level: 'silent' });
    const server = new Server({ Probot: Probot.defaults({ githubToken: 'test-token', secret: 'secret', log }), log, port, host: '127.0.0.1', enableStaticFiles: false });
    await server.load((_app, { addHandler }) => {
      registerOpsRoutes(addHandler, { metrics, readinessChecks: [{ name: 'redis', check: async () => false }] });
    });
    await server.start();
    try {
      const base = `http://127.0.0.1:${port}`;
      expect((await get(base, '/healthz')).status).toBe(200);
      const ready = await get(base, '/readyz');
      expect([ready.status, JSON.parse(ready.body).failed]).toEqual([503, ['redis']]);
      expect((await get(base, '/metrics')).status).toBe(200);
      // The webhook route is still Probot's.
      expect((await get(base, '/api/github/webhooks')).status).toBe(404);
      expect((await get(base, '/nothing-here')).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});

/** Probot's Server treats port 0 as "default 3000", so find a free port first. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
