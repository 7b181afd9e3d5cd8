import type { BenchTable } from './harness.js';
import { benchFuzzDiffs } from './fuzz-diffs.js';
import { benchGitHubCalls } from './github-calls.js';
import { benchModelTokens } from './model-tokens.js';
import { benchPromptInjection } from './prompt-injection.js';
import { benchQueueKill } from './queue-kill.js';
import { benchReviewLargePr } from './review-large-pr.js';
import { benchRouteMap } from './route-map.js';
import { benchWebhookAck } from './webhook-ack.js';

export interface Benchmark {
  /** The full-size run of `npm run bench`. */
  full: () => Promise<BenchTable[]>;
  /** A small, fast form the test suite runs so the benchmark cannot rot. */
  small: () => Promise<BenchTable[]>;
}

/** Every benchmark, by name. */
export const BENCHMARKS: Record<string, Benchmark> = {
  'review-large-pr': {
    full: async () => [await benchReviewLargePr({ modules: 250, runs: 5 })],
    small: async () => [await benchReviewLargePr({ modules: 4, runs: 1 })],
  },
  'route-map': {
    full: async () => [await benchRouteMap({ files: 3000, runs: 5 })],
    small: async () => [await benchRouteMap({ files: 24, runs: 1 })],
  },
  'github-calls': {
    full: async () => [await benchGitHubCalls({ files: [1, 50, 500], findings: [0, 10, 200], runs: 3 })],
    small: async () => [await benchGitHubCalls({ files: [1, 4], findings: [0, 3], runs: 1 })],
  },
  'model-tokens': {
    full: async () => [await benchModelTokens({ runs: 3 })],
    small: async () => [await benchModelTokens({ runs: 1 })],
  },
  'webhook-ack': {
    full: async () => [await benchWebhookAck({ deliveries: 300, concurrency: 10, runs: 15 })],
    small: async () => [await benchWebhookAck({ deliveries: 30, concurrency: 5, runs: 1 })],
  },
  fuzz: {
    full: async () => [await benchFuzzDiffs({ inputs: 20_000, runs: 5 })],
    small: async () => [await benchFuzzDiffs({ inputs: 300, runs: 1 })],
  },
  injection: {
    full: async () => [await benchPromptInjection({ runs: 3 })],
    small: async () => [await benchPromptInjection({ runs: 1 })],
  },
  'queue-kill': {
    full: async () => [await benchQueueKill({ jobs: 200, workMs: 50, concurrency: 2, runs: 3, timeoutMs: 60_000 })],
    small: async () => [await benchQueueKill({ jobs: 20, workMs: 20, concurrency: 2, runs: 1, timeoutMs: 20_000 })],
  },
};
