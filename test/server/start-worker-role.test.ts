import { afterAll, describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { Queue } from 'bullmq';
import { BullmqQueue } from '../../src/queue/bullmq-queue.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { abortReasonOf } from '../../src/queue/review-aborted-error.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startWorkerRole } from '../../src/server/start-worker-role.js';
import { aborted, deferred, reviewJob, waitFor } from '../queue/helpers.js';
import { REDIS_URL, deleteKeys, uniquePrefix } from '../queue/redis-helpers.js';

const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix);
});

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers: { connection: 'close' } });
  return { status: response.status, body: await response.json() };
}

function signals(): { source: Pick<NodeJS.Process, 'on' | 'off'>; emitter: EventEmitter } {
  const emitter = new EventEmitter();
  return { emitter, source: emitter as unknown as Pick<NodeJS.Process, 'on' | 'off'> };
}

describe('startWorkerRole', () => {
  it('serves the probes, runs reviews, and on SIGTERM turns unready, finishes the review and exits 0', async () => {
    const queue = new InProcessQueue();
    const started = deferred();
    const release = deferred();
    const finished: string[] = [];
    const exit = deferred<number>();
    const { source, emitter } = signals();
    const role = await startWorkerRole({
      env: { PORT: '0' },
      queue,
      worker: async (_job, { jobId }) => {
        started.resolve();
        await release.promise;
        finished.push(jobId);
      },
      readinessChecks: [{ name: 'agent definition', check: async () => true }],
      metrics: createMetrics(),
      exit: (code) => exit.resolve(code),
      signalSource: source,
    });
    const base = `http://127.0.0.1:${role.ops.port}`;
    try {
      expect(await getJson(`${base}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
      expect(await getJson(`${base}/readyz`)).toEqual({ status: 200, body: { status: 'ready', checks: { shutdown: 'ok', queue: 'ok', 'agent definition': 'ok' }, failed: [] } });

      const { id } = await queue.enqueue(reviewJob());
      await started.promise;
      emitter.emit('SIGTERM', 'SIGTERM');
      expect(await getJson(`${base}/readyz`)).toEqual({ status: 503, body: { status: 'not ready', checks: { shutdown: 'not ready', queue: 'not ready', 'agent definition': 'ok' }, failed: ['shutdown', 'queue'] } });
      release.resolve();
      expect(await exit.promise).toBe(0);
      expect(finished).toEqual([id]);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      role.shutdown.dispose();
    }
  });

  it('on Redis, returns a review still running at the deadline to the queue and exits 0', async () => {
    const prefix = uniquePrefix('role');
    prefixes.push(prefix);
    const queue = new BullmqQueue({ url: REDIS_URL, prefix, abortGraceMs: 200 });
    const inspector = new Queue('backend-expert-reviews', { connection: { url: REDIS_URL }, prefix });
    const signalsSeen: AbortSignal[] = [];
    const exit = deferred<number>();
    const { source, emitter } = signals();
    const role = await startWorkerRole({
      env: { PORT: '0', REDIS_URL },
      queue,
      worker: async (_job, { signal }) => {
        signalsSeen.push(signal);
        await aborted(signal);
        throw signal.reason;
      },
      metrics: createMetrics(),
      // 2 s of margin go to the server and telemetry: the queue gets 500 ms.
      shutdownDeadlineMs: 2_500,
      exit: (code) => exit.resolve(code),
      signalSource: source,
    });
    try {
      await waitFor(() => queue.ready(), 5_000, 'Redis');
      expect(await getJson(`http://127.0.0.1:${role.ops.port}/readyz`)).toEqual({ status: 200, body: { status: 'ready', checks: { shutdown: 'ok', redis: 'ok' }, failed: [] } });
      const { id } = await queue.enqueue(reviewJob());
      await waitFor(() => signalsSeen.length === 1, 5_000, 'the review to start');
      emitter.emit('SIGTERM', 'SIGTERM');
      expect(await exit.promise).toBe(0);
      expect(abortReasonOf(signalsSeen[0]!)?.kind).toBe('shutdown');
      expect(await inspector.getJobState(id)).toBe('waiting');
    } finally {
      role.shutdown.dispose();
      await inspector.close();
    }
  });
});
