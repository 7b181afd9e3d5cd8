import type { BenchTable } from './harness.js';
import { benchReviewLargePr } from './review-large-pr.js';
import { benchRouteMap } from './route-map.js';

export interface Benchmark {
  /** The full-size run of `npm run bench`. */
  full: () => Promise<BenchTable[]>;
  /** A small, fast form the test suite runs so the benchmark cannot rot. */
  small: () => Promise<BenchTable[]>;
}

/** Every benchmark, by name. */
export const BENCHMARKS: Record<string, Benchmark> = {
  'review-large-pr': {
    full: async () => [await benchReviewLargePr({ modules: 334, runs: 5 })],
    small: async () => [await benchReviewLargePr({ modules: 4, runs: 1 })],
  },
  'route-map': {
    full: async () => [await benchRouteMap({ files: 3000, runs: 5 })],
    small: async () => [await benchRouteMap({ files: 24, runs: 1 })],
  },
};
