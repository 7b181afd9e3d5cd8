import { readFileSync } from 'node:fs';
import { Probot, ProbotOctokit } from 'probot';
import { projectPath } from './project-root.js';

/** The test suite's private-key fixture: the app signs its JWTs with it; nothing leaves the machine. */
export const BENCH_PRIVATE_KEY = readFileSync(projectPath('test', 'fixtures', 'github', 'private-key.pem'), 'utf8');

/**
 * A Probot instance as the app tests build it (test/github/helpers/test-app.ts, which the benchmarks
 * cannot import: it locates its key relative to itself): app ID 123, logs off, Octokit's retry and
 * throttling off so that a run's wall time is the app's own, not a throttle's one-write-per-second.
 */
export function benchProbot(options: { secret?: string } = {}): Probot {
  return new Probot({
    appId: 123,
    privateKey: BENCH_PRIVATE_KEY,
    ...(options.secret ? { secret: options.secret } : {}),
    // The function form runs last: Probot's own defaults would replace a plain `throttle` object.
    Octokit: ProbotOctokit.defaults((instanceOptions: Record<string, unknown>) => ({
      ...instanceOptions,
      retry: { enabled: false },
      throttle: { ...(instanceOptions.throttle as object | undefined), enabled: false },
    })),
    logLevel: 'fatal',
  });
}
