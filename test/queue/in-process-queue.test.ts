import { afterEach, describe, expect, it } from '@jest/globals';
import { InProcessQueue, type InProcessQueueOptions } from '../../src/queue/in-process-queue.js';
import { QueueUnavailableError } from '../../src/queue/queue-unavailable-error.js';
import { ReviewAbortedError, abortReasonOf } from '../../src/queue/review-aborted-error.js';
import { reviewJobId, type ReviewJob, type ReviewWorker } from '../../src/queue/types.js';
import { RecordingMetrics, aborted, deferred, reviewJob, serverError, sleep, waitFor } from './helpers.js';

const HEAD_A = 'a'.repeat(40);
const HEAD_B = 'b'.repeat(40);

interface Call {
  job: ReviewJob;
  jobId: string;
  attempt: number;
  lastAttempt: boolean;
  abortedAtStart: boolean;
  signal: AbortSignal;
}

const queues: InProcessQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close(100)));
});

function makeQueue(options: InProcessQueueOptions = {}): { queue: InProcessQueue; metrics: RecordingMetrics } {
  const metrics = new RecordingMetrics();
  const queue = new InProcessQueue({ backoff: { baseMs: 10, maxMs: 50 }, metrics, ...options });
  queues.push(queue);
  return { queue, metrics };
}

/** A worker that records its calls and runs `body` for each. */
function recordingWorker(body: (call: Call) => Promise<void> = async () => {}): { worker: ReviewWorker; calls: Call[] } {
  const calls: Call[] = [];
  const worker: ReviewWorker = async (job, context) => {
    const call = { job, jobId: context.jobId, attempt: context.attempt, lastAttempt: context.lastAttempt, abortedAtStart: context.signal.aborted, signal: context.signal };
    calls.push(call);
    await body(call);
  };
  return { worker, calls };
}

describe('InProcessQueue dedupe', () => {
  it('runs a redelivered job once, also after it finished, and a nonce re-run as a new job', async () => {
    const { queue, metrics } = makeQueue();
    const { worker, calls } = recordingWorker();
    const job = reviewJob({ deliveryId: 'delivery-1' });

    const first = await queue.enqueue(job);
    const redelivered = await queue.enqueue({ ...job, deliveryId: 'delivery-1' });
    expect(first).toEqual({ id: reviewJobId(job), deduplicated: false });
    expect(redelivered).toEqual({ id: reviewJobId(job), deduplicated: true });

    queue.process(worker);
    await queue.onIdle();
    expect(await queue.enqueue(job)).toEqual({ id: reviewJobId(job), deduplicated: true });
    const rerun = await queue.enqueue({ ...job, trigger: 'command' }, { nonce: 'comment-99' });
    expect(rerun).toEqual({ id: reviewJobId(job, 'comment-99'), deduplicated: false });
    await queue.onIdle();

    expect(calls.map((call) => call.jobId)).toEqual([reviewJobId(job), reviewJobId(job, 'comment-99')]);
    expect(metrics.results).toEqual(['completed', 'completed']);
  });

  it('forgets a finished job after the dedupe window', async () => {
    let now = 1_000_000;
    const { queue } = makeQueue({ dedupeWindowMs: 60_000, now: () => now });
    const { worker, calls } = recordingWorker();
    queue.process(worker);
    await queue.enqueue(reviewJob());
    await queue.onIdle();
    now += 60_001;
    expect((await queue.enqueue(reviewJob())).deduplicated).toBe(false);
    await queue.onIdle();
    expect(calls).toHaveLength(2);
  });
});

describe('InProcessQueue supersede', () => {
  it('aborts the running review of an older head with reason superseded, then runs the new head', async () => {
    const { queue, metrics } = makeQueue();
    const started = deferred();
    const { worker, calls } = recordingWorker(async (call) => {
      if (call.job.headSha !== HEAD_A) return;
      started.resolve();
      await aborted(call.signal);
      throw call.signal.reason;
    });
    queue.process(worker);
    await queue.enqueue(reviewJob({ headSha: HEAD_A }));
    await started.promise;
    await queue.enqueue(reviewJob({ headSha: HEAD_B }));
    await queue.onIdle();

    const reason = abortReasonOf(calls[0]!.signal);
    expect(reason).toBeInstanceOf(ReviewAbortedError);
    expect({ kind: reason?.kind, newerHeadSha: reason?.newerHeadSha }).toEqual({ kind: 'superseded', newerHeadSha: HEAD_B });
    expect(calls.map((call) => [call.job.headSha, call.signal.aborted])).toEqual([
      [HEAD_A, true],
      [HEAD_B, false],
    ]);
    expect(metrics.results.sort()).toEqual(['completed', 'superseded']);
  });

  it('hands a job superseded while queued to the worker with its signal already aborted', async () => {
    const { queue } = makeQueue({ concurrency: 1 });
    const { worker, calls } = recordingWorker();
    await queue.enqueue(reviewJob({ headSha: HEAD_A }));
    await queue.enqueue(reviewJob({ headSha: HEAD_B }));
    queue.process(worker);
    await queue.onIdle();
    expect(calls.map((call) => [call.job.headSha, call.abortedAtStart])).toEqual([
      [HEAD_A, true],
      [HEAD_B, false],
    ]);
  });

  it('does not let a late redelivery of an older head supersede the newer one', async () => {
    let now = 0;
    const { queue } = makeQueue({ dedupeWindowMs: 1_000, now: () => now });
    const { worker, calls } = recordingWorker();
    queue.process(worker);
    await queue.enqueue(reviewJob({ headSha: HEAD_A }));
    await queue.onIdle();
    await queue.enqueue(reviewJob({ headSha: HEAD_B }));
    await queue.onIdle();
    now += 5_000;
    // The old push's delivery, redelivered after the dedupe window: it must not become the latest head.
    await queue.enqueue(reviewJob({ headSha: HEAD_A }));
    await queue.onIdle();
    expect(calls.map((call) => [call.job.headSha, call.abortedAtStart])).toEqual([
      [HEAD_A, false],
      [HEAD_B, false],
      [HEAD_A, true],
    ]);
  });

  it('leaves other pull requests alone', async () => {
    const { queue } = makeQueue();
    const { worker, calls } = recordingWorker();
    queue.process(worker);
    await queue.enqueue(reviewJob({ pullNumber: 1, headSha: HEAD_A }));
    await queue.enqueue(reviewJob({ pullNumber: 2, headSha: HEAD_B }));
    await queue.onIdle();
    expect(calls.map((call) => call.abortedAtStart)).toEqual([false, false]);
  });
});

describe('InProcessQueue concurrency', () => {
  it('runs at most `concurrency` reviews at once', async () => {
    const { queue } = makeQueue({ concurrency: 2 });
    let running = 0;
    let peak = 0;
    const { worker } = recordingWorker(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(20);
      running -= 1;
    });
    queue.process(worker);
    for (let pr = 1; pr <= 5; pr += 1) await queue.enqueue(reviewJob({ installationId: pr, pullNumber: pr }));
    await queue.onIdle();
    expect(peak).toBe(2);
  });

  it('caps one installation without starving the others', async () => {
    const { queue } = makeQueue({ concurrency: 3, perInstallationConcurrency: 1 });
    const release = deferred();
    const running = new Map<number, number>();
    const peaks = new Map<number, number>();
    const { worker, calls } = recordingWorker(async (call) => {
      const id = call.job.installationId;
      running.set(id, (running.get(id) ?? 0) + 1);
      peaks.set(id, Math.max(peaks.get(id) ?? 0, running.get(id) ?? 0));
      await release.promise;
      running.set(id, (running.get(id) ?? 1) - 1);
    });
    queue.process(worker);
    await queue.enqueue(reviewJob({ installationId: 1, pullNumber: 1 }));
    await queue.enqueue(reviewJob({ installationId: 1, pullNumber: 2 }));
    await queue.enqueue(reviewJob({ installationId: 2, pullNumber: 3 }));
    await waitFor(() => calls.length === 2, 2_000, 'two running reviews');
    expect(calls.map((call) => call.job.pullNumber)).toEqual([1, 3]);
    expect(await queue.stats()).toEqual(expect.objectContaining({ waiting: 1, active: 2, delayed: 0 }));
    release.resolve();
    await queue.onIdle();
    expect(calls.map((call) => call.job.pullNumber)).toEqual([1, 3, 2]);
    expect(Object.fromEntries(peaks)).toEqual({ 1: 1, 2: 1 });
  });
});

describe('InProcessQueue retries', () => {
  it('retries a transient failure with backoff and succeeds', async () => {
    const { queue, metrics } = makeQueue({ attempts: 3 });
    const { worker, calls } = recordingWorker(async (call) => {
      if (call.attempt === 1) throw serverError(502);
    });
    queue.process(worker);
    await queue.enqueue(reviewJob());
    await queue.onIdle();
    expect(calls.map((call) => [call.attempt, call.lastAttempt])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(metrics.results).toEqual(['retried', 'completed']);
  });

  it('fails a permanent error at once', async () => {
    const { queue, metrics } = makeQueue({ attempts: 3 });
    const { worker, calls } = recordingWorker(async () => {
      throw Object.assign(new Error('Not Found'), { status: 404 });
    });
    queue.process(worker);
    await queue.enqueue(reviewJob());
    await queue.onIdle();
    expect(calls).toHaveLength(1);
    expect(metrics.results).toEqual(['failed']);
  });

  it('tells the worker which attempt is the last one', async () => {
    const { queue, metrics } = makeQueue({ attempts: 2 });
    const { worker, calls } = recordingWorker(async () => {
      throw serverError(503);
    });
    queue.process(worker);
    await queue.enqueue(reviewJob());
    await queue.onIdle();
    expect(calls.map((call) => [call.attempt, call.lastAttempt])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(metrics.results).toEqual(['retried', 'failed']);
  });

  it('counts a job waiting for its retry as delayed', async () => {
    const { queue } = makeQueue({ attempts: 2, backoff: { baseMs: 200, maxMs: 200 } });
    const { worker, calls } = recordingWorker(async (call) => {
      if (call.attempt === 1) throw serverError(500);
    });
    queue.process(worker);
    await queue.enqueue(reviewJob());
    await waitFor(() => calls.length === 1);
    await sleep(20);
    expect(await queue.stats()).toEqual({ waiting: 0, active: 0, delayed: 1, oldestWaitingAgeMs: 0 });
    expect(await queue.depth()).toBe(1);
    await queue.onIdle();
    expect(calls).toHaveLength(2);
  });
});

describe('InProcessQueue close', () => {
  it('lets a running review finish within the deadline and drops queued ones', async () => {
    const { queue, metrics } = makeQueue({ concurrency: 1 });
    const { worker, calls } = recordingWorker(() => sleep(50));
    queue.process(worker);
    await queue.enqueue(reviewJob({ pullNumber: 1 }));
    await queue.enqueue(reviewJob({ pullNumber: 2 }));
    await waitFor(() => calls.length === 1);
    await queue.close(2_000);
    expect(calls.map((call) => [call.job.pullNumber, call.signal.aborted])).toEqual([[1, false]]);
    expect(metrics.results).toEqual(['completed']);
    expect(await queue.depth()).toBe(0);
  });

  it('aborts a review still running at the deadline with reason shutdown', async () => {
    const { queue, metrics } = makeQueue();
    const { worker, calls } = recordingWorker(async (call) => {
      await aborted(call.signal);
      throw call.signal.reason;
    });
    queue.process(worker);
    await queue.enqueue(reviewJob());
    await waitFor(() => calls.length === 1);
    await queue.close(50);
    expect(abortReasonOf(calls[0]!.signal)?.kind).toBe('shutdown');
    expect(metrics.results).toEqual(['returned']);
  });

  it('does not count a review that returned after a shutdown abort as completed', async () => {
    const { queue, metrics } = makeQueue();
    const { worker, calls } = recordingWorker((call) => aborted(call.signal));
    queue.process(worker);
    await queue.enqueue(reviewJob());
    await waitFor(() => calls.length === 1);
    await queue.close(50);
    expect(metrics.results).toEqual(['returned']);
  });

  it('refuses new jobs once closing, with an error that answers the webhook 503', async () => {
    const { queue } = makeQueue();
    await queue.close();
    const error = await queue.enqueue(reviewJob()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as QueueUnavailableError).status).toBe(503);
    expect(await queue.ready()).toBe(false);
  });
});

describe('InProcessQueue stats', () => {
  it('reports the oldest waiting job age', async () => {
    let now = 10_000;
    const { queue } = makeQueue({ now: () => now });
    await queue.enqueue(reviewJob({ pullNumber: 1 }));
    now += 1_500;
    await queue.enqueue(reviewJob({ pullNumber: 2 }));
    now += 500;
    expect(await queue.stats()).toEqual({ waiting: 2, active: 0, delayed: 0, oldestWaitingAgeMs: 2_000 });
    expect(await queue.ready()).toBe(true);
  });
});
