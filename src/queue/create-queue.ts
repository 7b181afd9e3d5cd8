/**
 * Picks the queue from the environment: BullMQ on Redis when REDIS_URL is set, in-process otherwise.
 * Tuning (all optional, positive integers):
 * - BACKEND_EXPERT_CONCURRENCY: reviews one process runs at once (default 2);
 * - BACKEND_EXPERT_INSTALLATION_CONCURRENCY: reviews of one installation at once, across processes on
 *   Redis (default 2);
 * - BACKEND_EXPERT_QUEUE_PREFIX: prefix of the Redis keys (default `be`), to share a Redis between
 *   deployments.
 */
import { BullmqQueue, type BullmqQueueOptions } from './bullmq-queue.js';
import { InProcessQueue, type InProcessQueueOptions } from './in-process-queue.js';
import type { QueueLogger, QueueMetricsSink } from './queue-logger.js';
import type { ReviewQueue } from './types.js';

export interface CreateQueueOptions {
  logger?: QueueLogger;
  metrics?: QueueMetricsSink;
  /** Overrides for the in-process queue (tests, benchmarks). */
  inProcess?: InProcessQueueOptions;
  /** Overrides for the BullMQ queue (tests, benchmarks). */
  bullmq?: Partial<BullmqQueueOptions>;
}

/** The queue the environment asks for. Throws a readable error on a malformed tuning variable. */
export function createQueue(env: NodeJS.ProcessEnv, options: CreateQueueOptions = {}): ReviewQueue {
  const concurrency = positiveIntegerFrom(env, 'BACKEND_EXPERT_CONCURRENCY');
  const perInstallationConcurrency = positiveIntegerFrom(env, 'BACKEND_EXPERT_INSTALLATION_CONCURRENCY');
  const common = {
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(perInstallationConcurrency !== undefined ? { perInstallationConcurrency } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  const url = env.REDIS_URL?.trim();
  if (!url) return new InProcessQueue({ ...common, ...options.inProcess });
  const prefix = env.BACKEND_EXPERT_QUEUE_PREFIX?.trim();
  return new BullmqQueue({ ...common, ...(prefix ? { prefix } : {}), ...options.bullmq, url });
}

function positiveIntegerFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got "${text}")`);
  return value;
}
