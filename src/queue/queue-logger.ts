/** The logging the queues need; a pino `Logger` (Probot's `app.log`) satisfies it. */
export interface QueueLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** What each finished attempt was, for the `queue_jobs_total` metric. */
export type QueueJobResult = 'completed' | 'superseded' | 'retried' | 'failed' | 'returned' | 'deferred';

/** Where the queues report job results (src/server/metrics.ts `Metrics` satisfies it). */
export interface QueueMetricsSink {
  recordQueueJob(result: QueueJobResult): void;
}

export const SILENT_LOGGER: QueueLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
