/**
 * A worker process dies mid-review (SIGKILL: no cleanup at all); another process takes the job over
 * once its lock lapses (BullMQ stalled-job recovery) and the job completes exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Queue } from 'bullmq';
import { BullmqQueue, type ReviewJobOutcome, type StoredReviewJob } from '../../src/queue/bullmq-queue.js';
import { reviewJob, waitFor } from './helpers.js';
import { REDIS_URL, deleteKeys, redisClient, uniquePrefix } from './redis-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// Inside node_modules so the bundle resolves bullmq and ioredis from the project.
const bundle = join(root, 'node_modules', '.cache', 'backend-expert-tests', 'review-worker-child.mjs');

const prefixes: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  mkdirSync(dirname(bundle), { recursive: true });
  await build({ entryPoints: [join(here, 'fixtures', 'review-worker-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: bundle, logLevel: 'silent' });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const prefix of prefixes) await deleteKeys(prefix);
});

function startChild(prefix: string, mode: 'hang' | 'work'): ChildProcess {
  const child = spawn(process.execPath, [bundle, REDIS_URL, prefix, mode], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('stalled-job recovery', () => {
  it('finishes exactly once the job of a worker process killed mid-review', async () => {
    const prefix = uniquePrefix('stalled');
    prefixes.push(prefix);
    const redis = redisClient();
    const inspector = new Queue<StoredReviewJob, ReviewJobOutcome>('backend-expert-reviews', { connection: { url: REDIS_URL }, prefix });
    const web = new BullmqQueue({ url: REDIS_URL, prefix });
    let rescuer: BullmqQueue | undefined;
    try {
      const doomed = startChild(prefix, 'hang');
      const { id } = await web.enqueue(reviewJob());
      await waitFor(async () => (await redis.llen(`${prefix}:test:started`)) === 1, 15_000, 'the child to start the job');
      doomed.kill('SIGKILL');
      await exited(doomed);
      expect(await inspector.getJobState(id)).toBe('active');

      rescuer = new BullmqQueue({ url: REDIS_URL, prefix, lockDurationMs: 1_000, stalledIntervalMs: 300 });
      const runs: Array<[string, number]> = [];
      rescuer.process(async (_job, { jobId, attempt }) => {
        runs.push([jobId, attempt]);
      });
      await waitFor(async () => (await inspector.getJobState(id)) === 'completed', 20_000, 'the rescuer to complete the job');

      // The takeover is the job's first counted attempt: a stall spends none.
      expect(runs).toEqual([[id, 1]]);
      expect(await redis.lrange(`${prefix}:test:started`, 0, -1)).toEqual([`${doomed.pid} ${id}`]);
      const job = await inspector.getJob(id);
      expect({ returnvalue: job?.returnvalue, stalledCounter: job?.stalledCounter, attemptsMade: job?.attemptsMade }).toEqual({ returnvalue: { outcome: 'completed' }, stalledCounter: 1, attemptsMade: 1 });
      expect(await inspector.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed')).toEqual({ wait: 0, active: 0, delayed: 0, failed: 0, completed: 1 });
    } finally {
      await rescuer?.close(1_000);
      await web.close(1_000);
      await inspector.close();
      await redis.quit();
    }
  }, 45_000);

  it('completes every job of a burst once when one of two worker processes is killed halfway', async () => {
    const prefix = uniquePrefix('burst');
    prefixes.push(prefix);
    const redis = redisClient();
    const inspector = new Queue<StoredReviewJob, ReviewJobOutcome>('backend-expert-reviews', { connection: { url: REDIS_URL }, prefix });
    const web = new BullmqQueue({ url: REDIS_URL, prefix });
    const total = 8;
    try {
      const survivor = startChild(prefix, 'work');
      const doomed = startChild(prefix, 'work');
      await waitFor(async () => (await redis.llen(`${prefix}:test:ready`)) === 2, 15_000, 'both workers');
      const ids: string[] = [];
      for (let pullNumber = 1; pullNumber <= total; pullNumber += 1) ids.push((await web.enqueue(reviewJob({ pullNumber, installationId: pullNumber }))).id);
      await waitFor(async () => (await redis.lrange(`${prefix}:test:started`, 0, -1)).some((line) => line.startsWith(`${doomed.pid} `)), 15_000, 'the doomed worker to start a job');
      doomed.kill('SIGKILL');
      await exited(doomed);

      await waitFor(async () => (await inspector.getJobCountByTypes('completed')) === total, 30_000, 'every job to complete');
      const posts = await redis.lrange(`${prefix}:test:posts`, 0, -1);
      expect([...posts].sort()).toEqual([...ids].sort());
      expect(await inspector.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed')).toEqual({ wait: 0, active: 0, delayed: 0, failed: 0, completed: total });
      const started = await redis.lrange(`${prefix}:test:started`, 0, -1);
      // Every job the killed process had started ran again on the survivor.
      const killedJobs = started.filter((line) => line.startsWith(`${doomed.pid} `)).map((line) => line.split(' ')[1]);
      for (const id of killedJobs) expect(started).toContain(`${survivor.pid} ${id}`);
      survivor.kill('SIGTERM');
      await exited(survivor);
      expect(survivor.exitCode).toBe(0);
    } finally {
      await web.close(1_000);
      await inspector.close();
      await redis.quit();
    }
  }, 60_000);
});
