import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, type ApplicationFunction } from 'probot';
import { createApp } from '../src/app/create-app.js';
import { PULL_REQUEST_EVENTS } from '../src/app/handlers/pull-request.js';
import { InProcessQueue } from '../src/queue/in-process-queue.js';
import type { EnqueueResult, ReviewJob, ReviewQueue, ReviewWorker } from '../src/queue/types.js';
import { pullRequestPayload } from '../test/github/helpers/webhook-payloads.js';
import { benchProbot } from './bench-probot.js';
import { percentile, peakMemoryMb, summarise, type BenchTable, type Measurement } from './harness.js';

const SECRET = 'bench-webhook-secret';
const WEBHOOK_PATH = '/api/github/webhooks';

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

const SIDES = ['noop', 'empty', 'ours', 'trivial'] as const;
type Side = (typeof SIDES)[number];

interface Delivery {
  id: string;
  body: Buffer;
  signature: string;
}

interface Endpoint {
  url: URL;
  close(): Promise<void>;
}

interface Burst {
  latencies: number[];
  wallMs: number;
  failures: number;
}

/**
 * Webhook acknowledgement latency: bursts of signed `pull_request.opened` deliveries (the real payload
 * from @octokit/webhooks-examples, HMAC-SHA256 signed) POSTed to our app behind Probot's
 * `createNodeMiddleware` on 127.0.0.1, against a no-op Probot app served the same way, same run. The
 * acknowledgement includes signature verification and our handler (filter + enqueue on the in-process
 * queue); the queue's worker is a no-op so nothing reaches GitHub.
 */
export async function benchWebhookAck(options: { deliveries: number; concurrency: number; runs: number }): Promise<BenchTable> {
  const queue = new NoReviewQueue(new InProcessQueue({ concurrency: 2 }));
  const endpoints: Record<Side, Endpoint> = {
    ours: await serve(createApp({ queue })),
    noop: await serve(() => {}),
    // Probot builds a context (and an installation Octokit) only for events some handler listens to.
    trivial: await serve(createApp({ queue: { async enqueue(job) { return { id: String(job.pullNumber), deduplicated: false }; }, process() {}, async depth() { return 0; }, async ready() { return true; }, async close() {} } })),
    empty: await serve((app) => {
      app.on([...PULL_REQUEST_EVENTS], async () => {});
    }),
  };
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const bursts: Record<Side, Burst[]> = { ours: [], noop: [], empty: [], trivial: [] };
  try {
    // Warm-up: JIT, sockets, the first installation of each handler.
    await burst(endpoints, SIDES.flatMap((side) => deliveries(`warm-${side}`, 20).map((delivery) => ({ side, delivery }))), options.concurrency, agent);
    for (let run = 0; run < options.runs; run++) {
      // Rotate the order so no app always runs on a warmer (or more loaded) machine.
      for (let k = 0; k < SIDES.length; k++) {
        const side = SIDES[(run + k) % SIDES.length]!;
        const result = await burst(endpoints, deliveries(`${side}-${run}`, options.deliveries).map((delivery) => ({ side, delivery })), options.concurrency, agent);
        bursts[side].push(result[side]);
      }
    }
  } finally {
    agent.destroy();
    for (const side of SIDES) await endpoints[side].close();
    await queue.close(1_000);
  }
  const peak = peakMemoryMb();
  const failures = SIDES.flatMap((side) => bursts[side]).reduce((sum, b) => sum + b.failures, 0);
  if (failures > 0) throw new Error(`bench: ${failures} deliveries were not acknowledged with 200`);
  const expected = options.runs * options.deliveries + 20;
  if (queue.enqueued !== expected) throw new Error(`bench: our app enqueued ${queue.enqueued} reviews for ${expected} deliveries`);

  const stat = (side: Burst[], pick: (b: Burst) => number): Measurement => summarise(side.map(pick));
  console.log('trivial p50', summarise(bursts.trivial.map((b) => percentile(b.latencies, 50))));
  const p50 = { ours: stat(bursts.ours, (b) => percentile(b.latencies, 50)), noop: stat(bursts.noop, (b) => percentile(b.latencies, 50)), empty: stat(bursts.empty, (b) => percentile(b.latencies, 50)) };
  const p99 = { ours: stat(bursts.ours, (b) => percentile(b.latencies, 99)), noop: stat(bursts.noop, (b) => percentile(b.latencies, 99)) };
  const rate = { ours: stat(bursts.ours, (b) => (b.latencies.length / b.wallMs) * 1000), noop: stat(bursts.noop, (b) => (b.latencies.length / b.wallMs) * 1000) };
  const ms = (m: Measurement) => `${m.median.toFixed(2)} ms`;
  const range = (m: Measurement, unit = 'ms') => `${m.min.toFixed(unit === 'ms' ? 2 : 0)}–${m.max.toFixed(unit === 'ms' ? 2 : 0)} ${unit} (${m.runs} bursts)`;
  return {
    title: 'Webhook acknowledgement latency',
    description:
      `${options.runs} bursts of ${options.deliveries} signed \`pull_request.opened\` deliveries (real payload, ${deliveries('size', 1)[0]!.body.length.toLocaleString('en')} bytes, HMAC-SHA256), ` +
      `${options.concurrency} in flight, keep-alive, to Probot's \`createNodeMiddleware\` on 127.0.0.1: our app (handler + enqueue on the in-process queue, review worker a no-op) vs a no-op Probot app and an app with an empty \`pull_request\` handler, bursts in rotating order. ` +
      'Latency is from sending the request to the end of the 200 response; each figure is the median over bursts of the burst\'s percentile.',
    rows: [
      { name: 'p50 acknowledgement, ours vs no-op app', figure: ms(p50.ours), baseline: ms(p50.noop), ratio: p50.ours.median / p50.noop.median, spread: range(p50.ours), target: '≤ 1.5×', peakMemoryMb: peak, values: { ours: p50.ours.median, noop: p50.noop.median } },
      {
        name: 'p50 acknowledgement, ours vs an app with an empty `pull_request` handler',
        figure: ms(p50.ours),
        baseline: ms(p50.empty),
        ratio: p50.ours.median / p50.empty.median,
        spread: range(p50.empty),
        values: { ours: p50.ours.median, empty: p50.empty.median },
      },
      { name: 'p99 acknowledgement, ours vs no-op app', figure: ms(p99.ours), baseline: ms(p99.noop), ratio: p99.ours.median / p99.noop.median, spread: range(p99.ours), target: '≤ 1.5×', values: { ours: p99.ours.median, noop: p99.noop.median } },
      {
        name: 'deliveries acknowledged per second, ours vs no-op app',
        figure: `${rate.ours.median.toFixed(0)}/s`,
        baseline: `${rate.noop.median.toFixed(0)}/s`,
        ratio: rate.ours.median / rate.noop.median,
        spread: range(rate.ours, '/s'),
        target: 'higher is better',
        values: { ours: rate.ours.median, noop: rate.noop.median, enqueued: queue.enqueued },
      },
    ],
    notes: [
      `Every delivery was answered 200; our app enqueued ${queue.enqueued} reviews (one per delivery: each names a new head).`,
      'The no-op app `(app) => {}` listens to no event, so Probot answers without building a context; an app with an empty `pull_request` handler pays for the context ' +
        '(an installation Octokit per event). The row against it shows what our handler itself adds.',
    ],
  };
}

/** An app behind Probot's Node middleware on an ephemeral 127.0.0.1 port. */
async function serve(appFn: ApplicationFunction): Promise<Endpoint> {
  const middleware = await createNodeMiddleware(appFn, { probot: benchProbot({ secret: SECRET }), webhooksPath: WEBHOOK_PATH });
  const server: Server = createServer((request, response) => {
    void middleware(request, response, () => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}${WEBHOOK_PATH}`),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Signed deliveries, each for a new head of its own pull request (so every one is a new review). */
function deliveries(label: string, count: number): Delivery[] {
  const baseSha = sha(`${label}-base`);
  return Array.from({ length: count }, (_, index) => {
    const payload = pullRequestPayload('opened', { number: index + 1, headSha: sha(`${label}-${index}`), baseSha });
    const body = Buffer.from(JSON.stringify(payload));
    return { id: randomUUID(), body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
  });
}

function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

/** POSTs every delivery to its app with `concurrency` in flight; each app's latencies in milliseconds. */
async function burst(endpoints: Record<Side, Endpoint>, items: ReadonlyArray<{ side: Side; delivery: Delivery }>, concurrency: number, agent: Agent): Promise<Record<Side, Burst>> {
  const latencies: Record<Side, number[]> = { noop: [], empty: [], ours: [], trivial: [] };
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const { side, delivery } = items[next++]!;
      const sent = performance.now();
      const status = await post(endpoints[side].url, delivery, agent);
      latencies[side].push(performance.now() - sent);
      if (status !== 200) failures++;
    }
  });
  await Promise.all(lanes);
  const wallMs = performance.now() - started;
  return Object.fromEntries(SIDES.map((side) => [side, { latencies: latencies[side], wallMs, failures }])) as Record<Side, Burst>;
}

function post(url: URL, delivery: Delivery, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': delivery.body.length,
          'user-agent': 'GitHub-Hookshot/bench',
          'x-github-event': 'pull_request',
          'x-github-delivery': delivery.id,
          'x-github-hook-installation-target-type': 'integration',
          'x-hub-signature-256': delivery.signature,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(delivery.body);
  });
}
