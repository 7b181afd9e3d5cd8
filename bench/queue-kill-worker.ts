/**
 * Child process of the queue-kill benchmark: a worker process on the real BullmqQueue whose "review"
 * is a short sleep. It records in Redis every job it starts (`<prefix>:bench:started`, `pid jobId`)
 * and every job whose work it finished (`<prefix>:bench:completed`, a counter per job ID), so the
 * parent can tell completed, duplicated (work finished twice) and lost jobs apart after a SIGKILL.
 * argv: Redis URL, key prefix, work milliseconds, concurrency.
 */
import { Redis } from 'ioredis';
import { BullmqQueue } from '../src/queue/bullmq-queue.js';
import { installGracefulShutdown } from '../src/server/graceful-shutdown.js';

const [url = '', prefix = '', workMs = '50', concurrency = '2'] = process.argv.slice(2);
const log = new Redis(url, { maxRetriesPerRequest: 3 });
// A short lock and stalled-job check, as in the stalled-worker tests: a killed worker's jobs are
// taken over about a second later instead of the production defaults' 30–60 s.
const queue = new BullmqQueue({ url, prefix, concurrency: Number(concurrency), lockDurationMs: 1_000, stalledIntervalMs: 300, pollIntervalMs: 500 });

queue.process(async (_job, { jobId }) => {
  await log.rpush(`${prefix}:bench:started`, `${process.pid} ${jobId}`);
  await new Promise((resolve) => setTimeout(resolve, Number(workMs)));
  await log.hincrby(`${prefix}:bench:completed`, jobId, 1);
});

installGracefulShutdown({
  deadlineMs: 5_000,
  steps: [
    { name: 'queue', run: (remainingMs) => queue.close(remainingMs) },
    { name: 'redis', run: async () => void (await log.quit()) },
  ],
});
await log.rpush(`${prefix}:bench:ready`, String(process.pid));
