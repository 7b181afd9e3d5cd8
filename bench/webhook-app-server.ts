/**
 * Child process of the webhook-ack benchmark: one Probot app behind `createNodeMiddleware` on an
 * ephemeral 127.0.0.1 port, in a process of its own so that each app has its own event loop and heap,
 * as a deployed app does, and the load generator's work does not land on it.
 * argv: `ours` | `empty` | `noop`, the webhook secret, the webhook path. IPC: sends `{ type: 'ready', port }`; answers
 * `stats` with `{ type: 'stats', enqueued, peakMemoryMb }`; exits when the parent disconnects.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, type ApplicationFunction } from 'probot';
import { createApp } from '../src/app/create-app.js';
import { PULL_REQUEST_EVENTS } from '../src/app/handlers/pull-request.js';
import { InProcessQueue } from '../src/queue/in-process-queue.js';
import type { EnqueueResult, ReviewJob, ReviewQueue, ReviewWorker } from '../src/queue/types.js';
import { benchProbot } from './bench-probot.js';
import { peakMemoryMb } from './harness.js';

/**
 * The real in-process queue with the review itself replaced by a no-op: the webhook handler's enqueue
 * (dedupe, supersede, bookkeeping) is ours, but no review reaches GitHub.
 */
class NoReviewQueue implements ReviewQueue {
  enqueued = 0;
  constructor(private readonly inner: InProcessQueue) {}
  async enqueue(job: ReviewJob, options?: { nonce?: string }): Promise<EnqueueResult> {
    const result = await this.inner.enqueue(job, options);
    if (!result.deduplicated) this.enqueued++;
    return result;
  }
  process(_worker: ReviewWorker): void {
    this.inner.process(async () => {});
  }
  depth(): Promise<number> {
    return this.inner.depth();
  }
  ready(): Promise<boolean> {
    return this.inner.ready();
  }
  close(deadlineMs?: number): Promise<void> {
    return this.inner.close(deadlineMs);
  }
}

const [kind = 'noop', secret = '', webhooksPath = '/api/github/webhooks'] = process.argv.slice(2);
const queue = new NoReviewQueue(new InProcessQueue({ concurrency: 2 }));
const apps: Record<string, ApplicationFunction> = {
  ours: createApp({ queue }),
  // Probot builds a context (and an installation Octokit) only for events some handler listens to.
  empty: (app) => {
    app.on([...PULL_REQUEST_EVENTS], async () => {});
  },
  noop: () => {},
};
const appFn = apps[kind];
if (!appFn) throw new Error(`webhook-app-server: unknown app ${kind}`);
const middleware = await createNodeMiddleware(appFn, { probot: benchProbot({ secret }), webhooksPath });
const server = createServer((request, response) => {
  void middleware(request, response, () => response.writeHead(404).end());
});
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ type: 'stats', enqueued: queue.enqueued, peakMemoryMb: peakMemoryMb() });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
  void queue.close(500).finally(() => process.exit(0));
});
