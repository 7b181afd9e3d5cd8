import { describe, expect, it } from '@jest/globals';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { createMetrics, metrics } from '../../src/server/metrics.js';
import { sampleLines, samples } from './metrics-text.js';

describe('Metrics', () => {
  it('counts webhooks, reviews, findings, model calls, GitHub calls, breakers and queue jobs', async () => {
    const m = createMetrics();
    m.recordWebhook('pull_request.synchronize');
    m.recordWebhook('pull_request.synchronize');
    m.recordWebhook('issue_comment.created');
    m.recordReview('success', 12);
    m.recordReview('superseded', 0.5);
    m.recordFindings([
      { checklist: 'api.pagination', severity: 'high' },
      { checklist: 'api.pagination', severity: 'high' },
      { checklist: 'security.secrets', severity: 'critical' },
    ]);
    m.recordModelCall({ seconds: 3, outcome: 'ok', usage: { inputTokens: 1200, cachedInputTokens: 800, cacheWriteTokens: 0, outputTokens: 300 } });
    m.recordModelCall({ seconds: 30, outcome: 'error' });
    m.recordGitHubCall(200, 4990);
    m.recordGitHubCall(502);
    m.recordGitHubCall(201, 4988);
    m.setCircuitBreakerState('anthropic', 'open');
    m.setCircuitBreakerState('anthropic', 'half-open');
    m.setCircuitBreakerState('github', 'closed');
    m.recordQueueJob('retried');
    m.recordQueueJob('completed');

    const { contentType, body } = await m.render();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sampleLines(body, 'backend_expert_webhooks')).toEqual([
      'backend_expert_webhooks_received_total{event="issue_comment.created"} 1',
      'backend_expert_webhooks_received_total{event="pull_request.synchronize"} 2',
    ]);
    expect(sampleLines(body, 'backend_expert_reviews_total')).toEqual(['backend_expert_reviews_total{outcome="success"} 1', 'backend_expert_reviews_total{outcome="superseded"} 1']);
    const values = samples(body);
    expect(values.get('backend_expert_review_duration_seconds_count{outcome="success"}')).toBe(1);
    expect(values.get('backend_expert_review_duration_seconds_sum{outcome="success"}')).toBe(12);
    expect(values.get('backend_expert_review_duration_seconds_bucket{le="10",outcome="success"}')).toBe(0);
    expect(values.get('backend_expert_review_duration_seconds_bucket{le="20",outcome="success"}')).toBe(1);
    expect(sampleLines(body, 'backend_expert_findings')).toEqual([
      'backend_expert_findings_total{checklist="api.pagination",severity="high"} 2',
      'backend_expert_findings_total{checklist="security.secrets",severity="critical"} 1',
    ]);
    expect(sampleLines(body, 'backend_expert_model_tokens')).toEqual([
      'backend_expert_model_tokens_total{kind="cached_input"} 800',
      'backend_expert_model_tokens_total{kind="input"} 1200',
      'backend_expert_model_tokens_total{kind="output"} 300',
    ]);
    expect(values.get('backend_expert_model_request_duration_seconds_count{outcome="ok"}')).toBe(1);
    expect(values.get('backend_expert_model_request_duration_seconds_sum{outcome="error"}')).toBe(30);
    expect(sampleLines(body, 'backend_expert_github')).toEqual([
      'backend_expert_github_api_calls_total{status="200"} 1',
      'backend_expert_github_api_calls_total{status="201"} 1',
      'backend_expert_github_api_calls_total{status="502"} 1',
      'backend_expert_github_rate_limit_remaining 4988',
    ]);
    expect(sampleLines(body, 'backend_expert_circuit_breaker')).toEqual(['backend_expert_circuit_breaker_state{breaker="anthropic"} 1', 'backend_expert_circuit_breaker_state{breaker="github"} 0']);
    expect(sampleLines(body, 'backend_expert_queue_jobs')).toEqual(['backend_expert_queue_jobs_total{result="completed"} 1', 'backend_expert_queue_jobs_total{result="retried"} 1']);
  });

  it('reads queue depth and the oldest waiting job age from the queue at scrape time', async () => {
    const m = createMetrics();
    let now = 50_000;
    const queue = new InProcessQueue({ now: () => now });
    m.observeQueue(queue);
    await queue.enqueue({ installationId: 1, owner: 'octo', repo: 'shop', pullNumber: 1, headSha: 'a'.repeat(40), trigger: 'pull_request' });
    now += 4_000;
    await queue.enqueue({ installationId: 1, owner: 'octo', repo: 'shop', pullNumber: 2, headSha: 'b'.repeat(40), trigger: 'pull_request' });
    now += 1_000;
    const { body } = await m.render();
    expect(sampleLines(body, 'backend_expert_queue_depth')).toEqual([
      'backend_expert_queue_depth{state="active"} 0',
      'backend_expert_queue_depth{state="delayed"} 0',
      'backend_expert_queue_depth{state="waiting"} 2',
    ]);
    expect(sampleLines(body, 'backend_expert_queue_oldest')).toEqual(['backend_expert_queue_oldest_job_age_seconds 5']);
    await queue.close(10);
  });

  it('still renders when the queue cannot answer', async () => {
    const m = createMetrics();
    m.observeQueue({
      depth: async () => {
        throw new Error('Redis down');
      },
    });
    const { body } = await m.render();
    expect(sampleLines(body, 'backend_expert_queue')).toEqual(['backend_expert_queue_oldest_job_age_seconds 0']);
  });

  it('has process metrics on the process-wide instance', async () => {
    const { body } = await metrics.render();
    expect(samples(body).has('backend_expert_process_cpu_user_seconds_total')).toBe(true);
  });
});
