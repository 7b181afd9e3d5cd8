/**
 * A worker-only process (`BACKEND_EXPERT_ROLE=worker`, `backend-expert worker`): takes review jobs off
 * the queue, serves /healthz, /readyz and /metrics on PORT, and shuts down gracefully on
 * SIGTERM/SIGINT. The review itself is the caller's `worker` function (the app's job handler).
 */
import type { ReviewQueue, ReviewWorker } from '../queue/types.js';
import { installGracefulShutdown, type GracefulShutdown, type ShutdownLogger } from './graceful-shutdown.js';
import { metrics as processMetrics, type Metrics } from './metrics.js';
import { queueReadinessCheck, type ReadinessCheck } from './ops-routes.js';
import { startOpsServer, type OpsServer } from './ops-server.js';
import type { Telemetry } from './telemetry.js';

export interface WorkerRoleOptions {
  env: NodeJS.ProcessEnv;
  queue: ReviewQueue;
  worker: ReviewWorker;
  /** Checks besides the queue's and the shutdown's, e.g. "agent definition loaded". */
  readinessChecks?: readonly ReadinessCheck[];
  metrics?: Metrics;
  telemetry?: Telemetry;
  logger?: ShutdownLogger;
  /** Default 25 s. */
  shutdownDeadlineMs?: number;
  /** For tests: see installGracefulShutdown. */
  exit?: (code: number) => void;
  signalSource?: Pick<NodeJS.Process, 'on' | 'off'>;
}

export interface WorkerRole {
  ops: OpsServer;
  shutdown: GracefulShutdown;
}

/** Starts consuming and serving; returns once the ops server listens. */
export async function startWorkerRole(options: WorkerRoleOptions): Promise<WorkerRole> {
  const metrics = options.metrics ?? processMetrics;
  const port = parsePort(options.env.PORT);
  let ops: OpsServer | undefined;
  // The queue gets the deadline minus a margin for closing the server and flushing spans.
  const shutdown = installGracefulShutdown({
    deadlineMs: options.shutdownDeadlineMs ?? 25_000,
    steps: [
      { name: 'queue', run: (remainingMs) => options.queue.close(Math.max(0, remainingMs - 2_000)) },
      { name: 'ops server', run: async () => ops?.close() },
      { name: 'telemetry', run: async () => options.telemetry?.shutdown() },
    ],
    ...(options.exit ? { exit: options.exit } : {}),
    ...(options.signalSource ? { signalSource: options.signalSource } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  metrics.observeQueue(options.queue);
  const readinessChecks = [shutdown.readinessCheck, queueReadinessCheck(options.queue, options.env.REDIS_URL ? 'redis' : 'queue'), ...(options.readinessChecks ?? [])];
  ops = await startOpsServer({ metrics, readinessChecks, port, ...(options.env.HOST ? { host: options.env.HOST } : {}) });
  options.queue.process(options.worker);
  return { ops, shutdown };
}

function parsePort(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 3000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number (got "${text}")`);
  return port;
}
