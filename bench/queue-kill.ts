import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BullmqQueue, type ReviewJobOutcome, type StoredReviewJob } from '../src/queue/bullmq-queue.js';
import type { ReviewJob } from '../src/queue/types.js';
import { childScript } from './child-script.js';
import { peakMemoryMb, summarise, type BenchRow, type BenchTable } from './harness.js';

/** The Redis the benchmark uses: BENCH_REDIS_URL, else the tests' TEST_REDIS_URL, else the local default. */
export function benchRedisUrl(): string {
  return process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export interface QueueKillOptions {
  jobs: number;
  /** Each job's work: a sleep of this many milliseconds. */
  workMs: number;
  /** Jobs each worker process runs at once. */
  concurrency: number;
  runs: number;
  /** Give up waiting for the queue to drain after this long (what is left counts as lost). */
  timeoutMs: number;
}

interface Outcome {
  wallMs: number;
  /** Jobs whose work finished at least once. */
  completed: number;
  /** Jobs whose work finished more than once. */
  duplicated: number;
  /** Jobs started more than once (taken over after the kill). */
  restarted: number;
  lost: number;
  /** Jobs the killed worker had started (its work begun) but not finished when it died. */
  inFlightAtKill: number;
  /** Jobs the killed worker held (locked) when it died, taken over by the survivor once the lock lapsed. */
  takenOver: number;
  failed: number;
}

/**
 * Queued reviews on Redis (the real BullmqQueue) with two worker processes, one SIGKILLed once half the
 * jobs are done: how many complete, how many run twice, how many are lost; throughput against one
 * worker process that is not killed, same run. Each job's work is a sleep plus a completion record in
 * Redis; the worker processes are bench/queue-kill-worker.ts.
 */
export async function benchQueueKill(options: QueueKillOptions): Promise<BenchTable> {
  const url = benchRedisUrl();
  if (!(await redisAnswers(url))) {
    return {
      title: 'Queued reviews with a worker killed',
      description: `Skipped: no Redis answers at ${url} (set BENCH_REDIS_URL).`,
      rows: [{ name: 'skipped', figure: '—', baseline: '—', ratio: null, values: { skipped: 1 } }],
    };
  }
  const script = await childScript('queue-kill-worker');
  const killed: Outcome[] = [];
  const single: Outcome[] = [];
  for (let run = 0; run < options.runs; run++) {
    // Alternate which scenario runs first, so neither always meets a warmer Redis.
    if (run % 2 === 0) {
      single.push(await scenario(script, url, options, { workers: 1, kill: false }));
      killed.push(await scenario(script, url, options, { workers: 2, kill: true }));
    } else {
      killed.push(await scenario(script, url, options, { workers: 2, kill: true }));
      single.push(await scenario(script, url, options, { workers: 1, kill: false }));
    }
  }
  const peak = peakMemoryMb();
  const worst = (list: Outcome[], pick: (o: Outcome) => number, most: boolean) => (most ? Math.max(...list.map(pick)) : Math.min(...list.map(pick)));
  const perRun = (list: Outcome[], pick: (o: Outcome) => number) => `per run: ${list.map(pick).join(', ')}`;
  const rate = (o: Outcome) => (options.jobs / o.wallMs) * 1000;
  const killedRate = summarise(killed.map(rate));
  const singleRate = summarise(single.map(rate));
  const n = options.jobs;
  const rows: BenchRow[] = [
    {
      name: `completed (of ${n}), worst run`,
      figure: `${worst(killed, (o) => o.completed, false)}`,
      baseline: `${worst(single, (o) => o.completed, false)}`,
      ratio: worst(killed, (o) => o.completed, false) / Math.max(1, worst(single, (o) => o.completed, false)),
      spread: perRun(killed, (o) => o.completed),
      target: `${n}`,
      values: { killed: worst(killed, (o) => o.completed, false), single: worst(single, (o) => o.completed, false), jobs: n },
    },
    {
      name: 'duplicated (work finished twice), worst run',
      figure: `${worst(killed, (o) => o.duplicated, true)}`,
      baseline: `${worst(single, (o) => o.duplicated, true)}`,
      ratio: null,
      spread: perRun(killed, (o) => o.duplicated),
      target: '0',
      values: { killed: worst(killed, (o) => o.duplicated, true), single: worst(single, (o) => o.duplicated, true) },
    },
    {
      name: 'lost (never finished, or failed), worst run',
      figure: `${worst(killed, (o) => o.lost, true)}`,
      baseline: `${worst(single, (o) => o.lost, true)}`,
      ratio: null,
      spread: perRun(killed, (o) => o.lost),
      target: '0',
      values: { killed: worst(killed, (o) => o.lost, true), single: worst(single, (o) => o.lost, true) },
    },
    {
      name: 'held by the killed worker, taken over by the survivor (of which work had begun → ran again)',
      figure: killed.map((o) => `${o.takenOver} (${o.inFlightAtKill} → ${o.restarted})`).join(', '),
      baseline: `${single.map((o) => o.takenOver).join(', ')} (nothing killed)`,
      ratio: null,
      spread: `per run (${options.runs})`,
      values: {
        takenOver: Math.max(...killed.map((o) => o.takenOver)),
        inFlightAtKill: Math.max(...killed.map((o) => o.inFlightAtKill)),
        restarted: Math.max(...killed.map((o) => o.restarted)),
        singleTakenOver: Math.max(...single.map((o) => o.takenOver)),
      },
    },
    {
      name: 'throughput: two workers, one killed halfway vs one worker, none killed',
      figure: `${killedRate.median.toFixed(1)} jobs/s`,
      baseline: `${singleRate.median.toFixed(1)} jobs/s`,
      ratio: killedRate.median / singleRate.median,
      spread: `${killedRate.min.toFixed(1)}–${killedRate.max.toFixed(1)} jobs/s (${killedRate.runs} runs)`,
      target: 'higher is better',
      peakMemoryMb: peak,
      values: { killed: killedRate.median, single: singleRate.median },
    },
  ];
  return {
    title: 'Queued reviews with a worker killed',
    description:
      `${n} jobs on Redis through the real BullmqQueue (each job a ${options.workMs} ms sleep, then a completion record in Redis); ` +
      `two worker processes of ${options.concurrency} concurrent jobs each, one SIGKILLed once half the jobs had finished, against one worker process that is not killed; ` +
      `${options.runs} run${options.runs === 1 ? '' : 's'} of each. Duplicated: jobs whose work finished twice; lost: jobs whose work never finished (or that failed).`,
    rows,
    notes: [
      'The worker processes use a 1 s job lock and a 0.3 s stalled-job check (as the stalled-worker tests do), so the killed worker\'s jobs are taken over about a second later. ' +
        'With the production defaults (30 s lock, 30 s check) the same jobs would wait 30–60 s; none would be lost either way. ' +
        'A job killed after its work finished but before BullMQ recorded the completion runs again: the review reporter dedupes what it posts by hidden marker.',
      `Peak memory is this process (the parent that enqueues and inspects); each worker process is separate.`,
    ],
  };
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { maxRetriesPerRequest: 0, connectTimeout: 1_000, lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function scenario(script: string, url: string, options: QueueKillOptions, shape: { workers: number; kill: boolean }): Promise<Outcome> {
  const prefix = `bebench-qk-${process.pid}-${randomBytes(3).toString('hex')}`;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const inspector = new Queue<StoredReviewJob, ReviewJobOutcome>('backend-expert-reviews', { connection: { url }, prefix });
  const web = new BullmqQueue({ url, prefix });
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < shape.workers; i++) {
      children.push(fork(script, [url, prefix, String(options.workMs), String(options.concurrency)], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
    }
    await waitFor(async () => (await redis.llen(`${prefix}:bench:ready`)) === shape.workers, 20_000, 'the worker processes to start');
    const started = performance.now();
    await Promise.all(Array.from({ length: options.jobs }, (_, index) => web.enqueue(job(index))));
    let inFlightAtKill = 0;
    const doomed = children[1];
    if (shape.kill && doomed) {
      await waitFor(async () => (await redis.hlen(`${prefix}:bench:completed`)) >= options.jobs / 2, options.timeoutMs, 'half the jobs to finish');
      doomed.kill('SIGKILL');
      await exited(doomed);
      const [startedLines, completed] = await Promise.all([redis.lrange(`${prefix}:bench:started`, 0, -1), redis.hgetall(`${prefix}:bench:completed`)]);
      // Started by the killed process and not finished by anyone yet: the work the kill interrupted.
      inFlightAtKill = startedLines.filter((line) => line.startsWith(`${doomed.pid} `) && !completed[line.split(' ')[1]!]).length;
    }
    const drained = await waitFor(
      async () => {
        const counts = await inspector.getJobCounts('completed', 'failed');
        return (counts.completed ?? 0) + (counts.failed ?? 0) >= options.jobs;
      },
      options.timeoutMs,
      'the queue to drain',
    ).then(
      () => true,
      () => false,
    );
    const wallMs = drained ? performance.now() - started : Number.POSITIVE_INFINITY;
    const [completed, startedLines, counts, finished] = await Promise.all([
      redis.hgetall(`${prefix}:bench:completed`),
      redis.lrange(`${prefix}:bench:started`, 0, -1),
      inspector.getJobCounts('failed'),
      inspector.getJobs(['completed', 'failed'], 0, -1),
    ]);
    const runsById = new Map<string, number>();
    for (const line of startedLines) {
      const id = line.split(' ')[1]!;
      runsById.set(id, (runsById.get(id) ?? 0) + 1);
    }
    const finishedCounts = Object.values(completed).map(Number);
    return {
      wallMs,
      completed: finishedCounts.length,
      duplicated: finishedCounts.filter((count) => count > 1).length,
      restarted: [...runsById.values()].filter((count) => count > 1).length,
      lost: options.jobs - finishedCounts.length,
      inFlightAtKill,
      // BullMQ counts a job whose worker died holding its lock as stalled, and hands it to another worker.
      takenOver: finished.filter((entry) => entry.stalledCounter > 0).length,
      failed: counts.failed ?? 0,
    };
  } finally {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    await Promise.all(children.map((child) => exitedWithin(child, 6_000)));
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await web.close(1_000);
    await inspector.close();
    await deleteKeys(redis, prefix);
    await redis.quit();
  }
}

function job(index: number): ReviewJob {
  // One installation per job: the per-installation cap is not what this benchmark measures.
  return { installationId: index + 1, owner: 'bench', repo: 'queue', pullNumber: index + 1, headSha: index.toString(16).padStart(40, '0'), trigger: 'pull_request' };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Waits for the child to exit, at most `ms` (the timer is cleared, so it never holds the process). */
async function exitedWithin(child: ChildProcess, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited(child), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
