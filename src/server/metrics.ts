/**
 * Prometheus metrics (prom-client), served on GET /metrics. `metrics` is the process-wide instance;
 * the app, the queue and the agent adapter record into it through the typed helpers below. Tests use
 * `createMetrics()` for a private registry.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Finding } from '../core/finding.js';
import type { AgentUsage } from '../core/agent/types.js';
import type { QueueJobResult, QueueMetricsSink } from '../queue/queue-logger.js';
import type { QueueStats } from '../queue/types.js';

/** How a review ended: its check-run conclusion, or what stopped it. */
export type ReviewOutcome = 'success' | 'neutral' | 'failure' | 'superseded' | 'skipped' | 'error';

/** Circuit-breaker states, exported as 0 (closed), 1 (half-open), 2 (open). */
export type CircuitBreakerState = 'closed' | 'half-open' | 'open';
const BREAKER_VALUE: Record<CircuitBreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** One call to the model, as the agent adapter saw it. */
export interface ModelCall {
  seconds: number;
  outcome: 'ok' | 'error';
  model?: string;
  usage?: Partial<Pick<AgentUsage, 'inputTokens' | 'cachedInputTokens' | 'cacheWriteTokens' | 'outputTokens'>>;
}

/** Anything that can report queue depth (both queues). */
export interface QueueStatsSource {
  stats?(): Promise<QueueStats>;
  depth(): Promise<number>;
}

const PREFIX = 'backend_expert_';

export class Metrics implements QueueMetricsSink {
  readonly registry: Registry;
  private readonly webhooks: Counter<'event'>;
  private readonly reviews: Counter<'outcome'>;
  private readonly reviewDuration: Histogram<'outcome'>;
  private readonly queueJobs: Counter<'result'>;
  private readonly findings: Counter<'checklist' | 'severity'>;
  private readonly modelTokens: Counter<'kind'>;
  private readonly modelLatency: Histogram<'outcome'>;
  private readonly githubCalls: Counter<'status'>;
  private readonly githubRemaining: Gauge;
  private readonly breakers: Gauge<'breaker'>;
  private queueSource: QueueStatsSource | undefined;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registry = new Registry();
    this.registry = registry;
    const registers = [registry];
    this.webhooks = new Counter({ name: `${PREFIX}webhooks_received_total`, help: 'Webhook deliveries received, by event (name.action).', labelNames: ['event'], registers });
    this.reviews = new Counter({ name: `${PREFIX}reviews_total`, help: 'Reviews finished, by outcome.', labelNames: ['outcome'], registers });
    this.reviewDuration = new Histogram({
      name: `${PREFIX}review_duration_seconds`,
      help: 'Time from the start of a review job to its check run being completed.',
      labelNames: ['outcome'],
      buckets: [1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
      registers,
    });
    this.queueJobs = new Counter({ name: `${PREFIX}queue_jobs_total`, help: 'Review job attempts by result (completed, superseded, retried, failed, returned, deferred).', labelNames: ['result'], registers });
    this.findings = new Counter({ name: `${PREFIX}findings_total`, help: 'Findings reported, by checklist item and severity.', labelNames: ['checklist', 'severity'], registers });
    this.modelTokens = new Counter({ name: `${PREFIX}model_tokens_total`, help: 'Model tokens, by kind (input, cached_input, cache_write, output).', labelNames: ['kind'], registers });
    this.modelLatency = new Histogram({
      name: `${PREFIX}model_request_duration_seconds`,
      help: 'Latency of model requests.',
      labelNames: ['outcome'],
      buckets: [0.5, 1, 2.5, 5, 10, 20, 40, 80, 160],
      registers,
    });
    this.githubCalls = new Counter({ name: `${PREFIX}github_api_calls_total`, help: 'GitHub API calls, by HTTP status (0 = no response).', labelNames: ['status'], registers });
    this.githubRemaining = new Gauge({ name: `${PREFIX}github_rate_limit_remaining`, help: 'x-ratelimit-remaining of the latest GitHub API response.', registers });
    this.breakers = new Gauge({ name: `${PREFIX}circuit_breaker_state`, help: 'Circuit-breaker state: 0 closed, 1 half-open, 2 open.', labelNames: ['breaker'], registers });
    // Depth and age are read from the queue at scrape time, so they are never stale.
    const source = (): QueueStatsSource | undefined => this.queueSource;
    new Gauge({
      name: `${PREFIX}queue_depth`,
      help: 'Review jobs waiting, delayed or running.',
      labelNames: ['state'],
      registers,
      async collect() {
        const queue = source();
        if (!queue) return;
        const stats = await readStats(queue);
        if (!stats) return;
        this.set({ state: 'waiting' }, stats.waiting);
        this.set({ state: 'delayed' }, stats.delayed);
        this.set({ state: 'active' }, stats.active);
      },
    });
    new Gauge({
      name: `${PREFIX}queue_oldest_job_age_seconds`,
      help: 'Age of the oldest review job waiting to start.',
      registers,
      async collect() {
        const queue = source();
        const stats = queue ? await readStats(queue) : undefined;
        if (stats) this.set(stats.oldestWaitingAgeMs / 1000);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: PREFIX });
  }

  /** A webhook delivery arrived (`event` = `pull_request.synchronize`, `issue_comment.created`, …). */
  recordWebhook(event: string): void {
    this.webhooks.inc({ event });
  }

  /** A review finished with `outcome` after `seconds`. */
  recordReview(outcome: ReviewOutcome, seconds: number): void {
    this.reviews.inc({ outcome });
    this.reviewDuration.observe({ outcome }, seconds);
  }

  /** Counts the findings a review reported. */
  recordFindings(findings: ReadonlyArray<Pick<Finding, 'checklist' | 'severity'>>): void {
    for (const finding of findings) this.findings.inc({ checklist: finding.checklist, severity: finding.severity });
  }

  /** One model request: latency by outcome, and its token usage. */
  recordModelCall(call: ModelCall): void {
    this.modelLatency.observe({ outcome: call.outcome }, call.seconds);
    const usage = call.usage ?? {};
    this.addTokens('input', usage.inputTokens);
    this.addTokens('cached_input', usage.cachedInputTokens);
    this.addTokens('cache_write', usage.cacheWriteTokens);
    this.addTokens('output', usage.outputTokens);
  }

  /** One GitHub API call: its status (0 when no response came) and, when known, the remaining rate limit. */
  recordGitHubCall(status: number, remaining?: number): void {
    this.githubCalls.inc({ status: String(status) });
    if (remaining !== undefined && Number.isFinite(remaining)) this.githubRemaining.set(remaining);
  }

  /** The agent adapter reports its circuit breaker's state changes here. */
  setCircuitBreakerState(breaker: string, state: CircuitBreakerState): void {
    this.breakers.set({ breaker }, BREAKER_VALUE[state]);
  }

  /** QueueMetricsSink: one job attempt ended. */
  recordQueueJob(result: QueueJobResult): void {
    this.queueJobs.inc({ result });
  }

  /** Reports this queue's depth and oldest waiting job age on every scrape. */
  observeQueue(queue: QueueStatsSource): void {
    this.queueSource = queue;
  }

  /** The Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private addTokens(kind: string, count: number | undefined): void {
    if (count !== undefined && count > 0) this.modelTokens.inc({ kind }, count);
  }
}

async function readStats(queue: QueueStatsSource): Promise<QueueStats | undefined> {
  try {
    if (queue.stats) return await queue.stats();
    const depth = await queue.depth();
    return { waiting: depth, delayed: 0, active: 0, oldestWaitingAgeMs: 0 };
  } catch {
    // Redis down: leave the gauges as they were; /readyz reports the outage.
    return undefined;
  }
}

/** A metrics set with its own registry (tests; several apps in one process). */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  return new Metrics(options);
}

/** The process-wide metrics, with Node process metrics (CPU, memory, event loop lag). */
export const metrics: Metrics = createMetrics({ processMetrics: true });

/** Shorthands on the process-wide `metrics`. */
export function recordWebhook(event: string): void {
  metrics.recordWebhook(event);
}
export function recordReview(outcome: ReviewOutcome, seconds: number): void {
  metrics.recordReview(outcome, seconds);
}
export function recordFindings(findings: ReadonlyArray<Pick<Finding, 'checklist' | 'severity'>>): void {
  metrics.recordFindings(findings);
}
export function recordModelCall(call: ModelCall): void {
  metrics.recordModelCall(call);
}
export function recordGitHubCall(status: number, remaining?: number): void {
  metrics.recordGitHubCall(status, remaining);
}
export function setCircuitBreakerState(breaker: string, state: CircuitBreakerState): void {
  metrics.setCircuitBreakerState(breaker, state);
}
