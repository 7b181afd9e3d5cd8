import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRIVATE_KEY_PATH = fileURLToPath(new URL('../fixtures/github/private-key.pem', import.meta.url));
const SECRET = 'test-webhook-secret';

/** A free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, deadline = Date.now() + 20_000): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** The built processes, as operators run them (contract §4): `npm start` and `backend-expert worker`. */
describe('processes', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('is built (npm ci runs the build through prepare)', () => {
    expect(existsSync(`${ROOT}dist/app/main.js`)).toBe(true);
  });

  it('npm start serves webhooks, /healthz, /readyz and /metrics, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['dist/app/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, APP_ID: '123', PRIVATE_KEY_PATH, WEBHOOK_SECRET: SECRET, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'fatal', NODE_ENV: 'production' },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await waitFor(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/# TYPE \S+ /);

    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1, hook: { id: 1 } });
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const headers = { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd-1' };
    const signed = await fetch(`${base}/api/github/webhooks`, { method: 'POST', body, headers: { ...headers, 'x-hub-signature-256': signature } });
    expect(signed.status).toBe(200);
    const forged = await fetch(`${base}/api/github/webhooks`, { method: 'POST', body, headers: { ...headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);

    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('backend-expert worker serves /healthz and /readyz (Redis reachable) and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['bin/backend-expert.js', 'worker'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, APP_ID: '123', PRIVATE_KEY_PATH, WEBHOOK_SECRET: SECRET, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'fatal', NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:6379', BACKEND_EXPERT_QUEUE_PREFIX: `be-process-test-${process.pid}` },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await waitFor(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/api/github/webhooks`, { method: 'POST', body: '{}' })).status).toBe(404);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('readiness fails while Redis is unreachable', async () => {
    const port = await freePort();
    const closedPort = await freePort();
    child = spawn(process.execPath, ['bin/backend-expert.js', 'worker'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, APP_ID: '123', PRIVATE_KEY_PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'fatal', NODE_ENV: 'production', REDIS_URL: `redis://127.0.0.1:${closedPort}` },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await waitFor(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain('redis');
  });
});
