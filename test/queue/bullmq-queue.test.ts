import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { BullmqQueue, type BullmqQueueOptions, type ReviewJobOutcome, type StoredReviewJob } from '../../src/queue/bullmq-queue.js';
import { abortReasonOf } from '../../src/queue/review-aborted-error.js';
import { reviewJobId, type ReviewJob, type ReviewWorker } from '../../src/queue/types.js';
import { RecordingMetrics, aborted, deferred, reviewJob, serverError, sleep, waitFor } from './helpers.js';
import { REDIS_URL, deleteKeys, redisClient, uniquePrefix } from './redis-helpers.js';

const HEAD_A = 'a'.repeat(40);
const HEAD_B = 'b'.repeat(40);
const prefixes: string[] = [];
const open: BullmqQueue[] = [];
const inspectors: Array<Queue<StoredReviewJob, ReviewJobOutcome>> = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((queue) => queue.close(200)));
  await Promise.all(inspectors.splice(0).map((queue) => queue.close()));
});
afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix);
});

/** A fresh key space for one test; `make` creates queue instances ("processes") on it. */
function keySpace(name: string): { prefix: string; make: (options?: Partial<BullmqQueueOptions>) => { queue: BullmqQueue; metrics: RecordingMetrics }; inspect: () => Queue<StoredReviewJob, ReviewJobOutcome> } {
  const prefix = uniquePrefix(name);
  prefixes.push(prefix);
  return {
    prefix,
    make: (options = {}) => {
      const metrics = new RecordingMetrics();
      const queue = new BullmqQueue({ url: REDIS_URL, prefix, backoffMs: 50, pollIntervalMs: 60_000, metrics, ...options });
      open.push(queue);
      return { queue, metrics };
    },
    inspect: () => {
      const queue = new Queue<StoredReviewJob, ReviewJobOutcome>('backend-expert-reviews', { connection: { url: REDIS_URL }, prefix });
      inspectors.push(queue);
      return queue;
    },
  };
}

interface Call {
  job: ReviewJob;
  jobId: string;
  attempt: number;
  lastAttempt: boolean;
  abortedAtStart: boolean;
  signal: AbortSignal;
}

function recordingWorker(body: (call: Call) => Promise<void> = async () => {}): { worker: ReviewWorker; calls: Call[] } {
  const calls: Call[] = [];
  const worker: ReviewWorker = async (job, context) => {
    const call = { job, jobId: context.jobId, attempt: context.attempt, lastAttempt: context.lastAttempt, abortedAtStart: context.signal.aborted, signal: context.signal };
    calls.push(call);
    await body(call);
  };
  return { worker, calls };
}

async function finishedState(inspector: Queue<StoredReviewJob, ReviewJobOutcome>, id: string, timeoutMs = 10_000): Promise<string> {
  let state = '';
  await waitFor(
    async () => {
      state = await inspector.getJobState(id);
      return state === 'completed' || state === 'failed';
    },
    timeoutMs,
    `job ${id} to finish`,
  );
  return state;
}

describe('BullmqQueue dedupe', () => {
  it('adds a redelivered job once, keeps deduplicating after completion, and treats a nonce re-run as new', async () => {
    const space = keySpace('dedupe');
    const { queue, metrics } = space.make();
    const inspector = space.inspect();
    const job = reviewJob({ deliveryId: 'delivery-1' });
    const id = reviewJobId(job);

    expect(await queue.enqueue(job)).toEqual({ id, deduplicated: false });
    expect(await queue.enqueue(job)).toEqual({ id, deduplicated: true });
    expect(await queue.depth()).toBe(1);

    const { worker, calls } = recordingWorker();
    queue.process(worker);
    expect(await finishedState(inspector, id)).toBe('completed');
    expect(await queue.enqueue(job)).toEqual({ id, deduplicated: true });

    const rerunId = reviewJobId(job, 'rerun-1');
    expect(await queue.enqueue(job, { nonce: 'rerun-1' })).toEqual({ id: rerunId, deduplicated: false });
    expect(await finishedState(inspector, rerunId)).toBe('completed');
    expect(calls.map((call) => call.jobId)).toEqual([id, rerunId]);
    expect(metrics.results).toEqual(['completed', 'completed']);
    expect((await inspector.getJob(id))?.returnvalue).toEqual({ outcome: 'completed' });
  });
});

describe('BullmqQueue retries', () => {
  it('retries a transient failure with backoff, then succeeds', async () => {
    const space = keySpace('retry');
    const { queue, metrics } = space.make({ attempts: 3 });
    const inspector = space.inspect();
    const { worker, calls } = recordingWorker(async (call) => {
      if (call.attempt === 1) throw serverError(502);
    });
    queue.process(worker);
    const { id } = await queue.enqueue(reviewJob());
    expect(await finishedState(inspector, id)).toBe('completed');
    expect(calls.map((call) => [call.attempt, call.lastAttempt])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(metrics.results).toEqual(['retried', 'completed']);
  });

  it('fails a permanent error without retrying', async () => {
    const space = keySpace('permanent');
    const { queue, metrics } = space.make({ attempts: 3 });
    const inspector = space.inspect();
    const { worker, calls } = recordingWorker(async () => {
      throw Object.assign(new Error('Not Found'), { status: 404 });
    });
    queue.process(worker);
    const { id } = await queue.enqueue(reviewJob());
    expect(await finishedState(inspector, id)).toBe('failed');
    expect(calls).toHaveLength(1);
    expect((await inspector.getJob(id))?.failedReason).toBe('Error: Not Found');
    expect(metrics.results).toEqual(['failed']);
  });

  it('marks the final attempt', async () => {
    const space = keySpace('exhaust');
    const { queue } = space.make({ attempts: 2 });
    const inspector = space.inspect();
    const { worker, calls } = recordingWorker(async () => {
      throw serverError(503);
    });
    queue.process(worker);
    const { id } = await queue.enqueue(reviewJob());
    expect(await finishedState(inspector, id)).toBe('failed');
    expect(calls.map((call) => [call.attempt, call.lastAttempt])).toEqual([
      [1, false],
      [2, true],
    ]);
  });
});

describe('BullmqQueue supersede', () => {
  it('aborts a review running in another process when a newer head is enqueued (pub/sub)', async () => {
    const space = keySpace('supersede');
    const web = space.make().queue;
    const { queue: workerProcess, metrics } = space.make();
    const inspector = space.inspect();
    const startedA = deferred();
    const { worker, calls } = recordingWorker(async (call) => {
      if (call.job.headSha !== HEAD_A) return;
      startedA.resolve();
      await aborted(call.signal);
    });
    workerProcess.process(worker);
    const a = await web.enqueue(reviewJob({ headSha: HEAD_A }));
    await startedA.promise;
    const b = await web.enqueue(reviewJob({ headSha: HEAD_B }));
    expect(await finishedState(inspector, a.id)).toBe('completed');
    expect(await finishedState(inspector, b.id)).toBe('completed');

    const reason = abortReasonOf(calls[0]!.signal);
    expect({ kind: reason?.kind, newerHeadSha: reason?.newerHeadSha }).toEqual({ kind: 'superseded', newerHeadSha: HEAD_B });
    expect((await inspector.getJob(a.id))?.returnvalue).toEqual({ outcome: 'superseded' });
    expect((await inspector.getJob(b.id))?.returnvalue).toEqual({ outcome: 'completed' });
    expect(calls.map((call) => [call.job.headSha, call.signal.aborted])).toEqual([
      [HEAD_A, true],
      [HEAD_B, false],
    ]);
    expect(metrics.results).toEqual(['superseded', 'completed']);
  });

  it('also notices a newer head by polling when the announcement was missed', async () => {
    const space = keySpace('poll');
    const { queue } = space.make({ pollIntervalMs: 100 });
    const inspector = space.inspect();
    const started = deferred();
    const { worker, calls } = recordingWorker(async (call) => {
      started.resolve();
      await aborted(call.signal);
    });
    queue.process(worker);
    const { id } = await queue.enqueue(reviewJob({ headSha: HEAD_A }));
    await started.promise;
    const redis = redisClient();
    await redis.set(`${space.prefix}:pr:octo/shop#7:head`, HEAD_B);
    await redis.quit();
    expect(await finishedState(inspector, id)).toBe('completed');
    expect(abortReasonOf(calls[0]!.signal)?.newerHeadSha).toBe(HEAD_B);
  });

  it('hands a job superseded while queued to the worker with its signal already aborted', async () => {
    const space = keySpace('queued');
    const { queue } = space.make({ concurrency: 1 });
    const inspector = space.inspect();
    const a = await queue.enqueue(reviewJob({ headSha: HEAD_A }));
    const b = await queue.enqueue(reviewJob({ headSha: HEAD_B }));
    const { worker, calls } = recordingWorker();
    queue.process(worker);
    await finishedState(inspector, a.id);
    await finishedState(inspector, b.id);
    expect(calls.map((call) => [call.job.headSha, call.abortedAtStart])).toEqual([
      [HEAD_A, true],
      [HEAD_B, false],
    ]);
  });
});

describe('BullmqQueue installation cap', () => {
  it('runs at most N reviews of one installation across processes without starving others', async () => {
    const space = keySpace('cap');
    const processes = [space.make({ concurrency: 2, perInstallationConcurrency: 1, slotRetryDelayMs: 50 }), space.make({ concurrency: 2, perInstallationConcurrency: 1, slotRetryDelayMs: 50 })];
    const inspector = space.inspect();
    const running = new Map<number, number>();
    const peaks = new Map<number, number>();
    let overlap = false;
    const body = async (call: Call): Promise<void> => {
      const id = call.job.installationId;
      running.set(id, (running.get(id) ?? 0) + 1);
      peaks.set(id, Math.max(peaks.get(id) ?? 0, running.get(id) ?? 0));
      if ((running.get(1) ?? 0) > 0 && (running.get(2) ?? 0) > 0) overlap = true;
      await sleep(150);
      running.set(id, (running.get(id) ?? 1) - 1);
    };
    const workers = processes.map(() => recordingWorker(body));
    processes.forEach(({ queue }, index) => queue.process(workers[index]!.worker));
    const ids: string[] = [];
    for (const pullNumber of [1, 2, 3]) ids.push((await processes[0]!.queue.enqueue(reviewJob({ installationId: 1, pullNumber }))).id);
    ids.push((await processes[0]!.queue.enqueue(reviewJob({ installationId: 2, pullNumber: 4 }))).id);
    for (const id of ids) expect(await finishedState(inspector, id, 15_000)).toBe('completed');
    expect(Object.fromEntries(peaks)).toEqual({ 1: 1, 2: 1 });
    expect(overlap).toBe(true);
    expect(workers.flatMap(({ calls }) => calls.map((call) => call.job.pullNumber)).sort()).toEqual([1, 2, 3, 4]);
    const deferrals = processes.flatMap(({ metrics }) => metrics.results.filter((result) => result === 'deferred'));
    expect(deferrals.length).toBeGreaterThan(0);
  });
});

describe('BullmqQueue graceful close', () => {
  it('lets an in-flight review finish within the deadline', async () => {
    const space = keySpace('finish');
    const { queue } = space.make();
    const inspector = space.inspect();
    const { worker, calls } = recordingWorker(() => sleep(300));
    queue.process(worker);
    const { id } = await queue.enqueue(reviewJob());
    await waitFor(() => calls.length === 1);
    await queue.close(5_000);
    expect(await inspector.getJobState(id)).toBe('completed');
    expect(calls[0]!.signal.aborted).toBe(false);
  });

  it('returns a review still running at the deadline to the queue, where another process finishes it', async () => {
    const space = keySpace('return');
    const { queue: first, metrics } = space.make();
    const inspector = space.inspect();
    const one = recordingWorker(async (call) => {
      await aborted(call.signal);
      throw call.signal.reason;
    });
    first.process(one.worker);
    const { id } = await first.enqueue(reviewJob());
    await waitFor(() => one.calls.length === 1);
    await first.close(200);
    expect(abortReasonOf(one.calls[0]!.signal)?.kind).toBe('shutdown');
    expect(await inspector.getJobState(id)).toBe('waiting');
    expect((await inspector.getJob(id))?.attemptsMade).toBe(0);
    expect(metrics.results).toEqual(['returned']);

    const { queue: second } = space.make();
    const two = recordingWorker();
    second.process(two.worker);
    expect(await finishedState(inspector, id)).toBe('completed');
    expect(two.calls.map((call) => [call.jobId, call.attempt])).toEqual([[id, 1]]);
  });

  it('returns the job when the worker stops by returning normally', async () => {
    const space = keySpace('return-normally');
    const { queue, metrics } = space.make();
    const inspector = space.inspect();
    const { worker, calls } = recordingWorker((call) => aborted(call.signal));
    queue.process(worker);
    const { id } = await queue.enqueue(reviewJob());
    await waitFor(() => calls.length === 1);
    await queue.close(100);
    expect(await inspector.getJobState(id)).toBe('waiting');
    expect(metrics.results).toEqual(['returned']);
  });

  it('returns the job even when the worker ignores its signal', async () => {
    const space = keySpace('stubborn');
    const { queue } = space.make({ abortGraceMs: 200 });
    const inspector = space.inspect();
    const never = deferred();
    const { worker, calls } = recordingWorker(() => never.promise);
    queue.process(worker);
    const { id } = await queue.enqueue(reviewJob());
    await waitFor(() => calls.length === 1);
    const started = Date.now();
    await queue.close(100);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await inspector.getJobState(id)).toBe('waiting');
    never.resolve();
  });
});

describe('BullmqQueue stats and readiness', () => {
  it('reports depth, waiting jobs and the oldest waiting age', async () => {
    const space = keySpace('stats');
    const { queue } = space.make();
    await queue.enqueue(reviewJob({ pullNumber: 1 }));
    await sleep(200);
    await queue.enqueue(reviewJob({ pullNumber: 2 }));
    const stats = await queue.stats();
    expect({ ...stats, oldestWaitingAgeMs: undefined }).toEqual({ waiting: 2, active: 0, delayed: 0, oldestWaitingAgeMs: undefined });
    expect(stats.oldestWaitingAgeMs).toBeGreaterThanOrEqual(200);
    expect(stats.oldestWaitingAgeMs).toBeLessThan(5_000);
    expect(await queue.depth()).toBe(2);
    await waitFor(() => queue.ready(), 5_000, 'ready');
  });
});
