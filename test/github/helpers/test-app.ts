import { readFileSync } from 'node:fs';
import { Probot, ProbotOctokit } from 'probot';
import { createApp, type AppOptions } from '../../../src/app/create-app.js';
import { TestQueue } from './test-queue.js';

const PRIVATE_KEY = readFileSync(new URL('../../fixtures/github/private-key.pem', import.meta.url), 'utf8');

export interface TestApp {
  probot: Probot;
  queue: TestQueue;
  /** Delivers a webhook as GitHub would (the handler's work only; `queue.drain()` runs reviews). */
  deliver(name: string, payload: object, id?: string): Promise<void>;
}

/** A Probot instance with the app loaded; Octokit's retry and throttling are off (tests of retries opt in). */
export async function createTestApp(options: Omit<AppOptions, 'queue'> & { retry?: boolean } = {}): Promise<TestApp> {
  const queue = new TestQueue();
  const probot = new Probot({
    appId: 123,
    privateKey: PRIVATE_KEY,
    // The function form runs last: Probot's own defaults replace a `throttle` given as a plain object,
    // which leaves throttling on (one write per second) whatever the test asked for.
    Octokit: ProbotOctokit.defaults((instanceOptions: Record<string, unknown>) => ({
      ...instanceOptions,
      retry: options.retry ? { enabled: true, retryAfterBaseValue: 1 } : { enabled: false },
      throttle: { ...(instanceOptions.throttle as object | undefined), enabled: false },
    })),
    logLevel: 'fatal',
  });
  const { retry: _retry, ...appOptions } = options;
  await probot.load(createApp({ queue, ...appOptions }));
  let delivery = 0;
  return {
    probot,
    queue,
    deliver: (name, payload, id) =>
      // The fixtures are real payloads; cast once to the event type Probot expects.
      probot.receive({ id: id ?? `delivery-${++delivery}`, name, payload } as unknown as Parameters<Probot['receive']>[0]),
  };
}
