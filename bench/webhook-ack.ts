import { fork, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { pullRequestPayload } from '../test/github/helpers/webhook-payloads.js';
import { childScript } from './child-script.js';
import { percentile, peakMemoryMb, summarise, type BenchTable, type Measurement } from './harness.js';

const SECRET = 'bench-webhook-secret';
const WEBHOOK_PATH = '/api/github/webhooks';
/** Deliveries per app before measuring: JIT, sockets, the first installation of each handler. */
const WARM_UP = 50;

/** `noop`: `(app) => {}`; `empty`: an empty `pull_request` handler; `ours`: createApp. */
const SIDES = ['noop', 'empty', 'ours'] as const;
type Side = (typeof SIDES)[number];

interface Delivery {
  id: string;
  body: Buffer;
  signature: string;
}

interface AppProcess {
  url: URL;
  child: ChildProcess;
}

interface Burst {
  latencies: number[];
  wallMs: number;
  failures: number;
}

interface ServerStats {
  enqueued: number;
  peakMemoryMb: number;
}

/**
 * Webhook acknowledgement latency: bursts of signed `pull_request.opened` deliveries (the real payload
 * from @octokit/webhooks-examples, HMAC-SHA256 signed) POSTed to our app behind Probot's
 * `createNodeMiddleware` on 127.0.0.1, against a no-op Probot app served the same way, same run. Each
 * app runs in its own process (bench/webhook-app-server.ts); this process only sends. The
 * acknowledgement includes signature verification and our handler (filter + enqueue on the in-process
 * queue); the queue's worker is a no-op, so nothing reaches GitHub.
 */
export async function benchWebhookAck(options: { deliveries: number; concurrency: number; runs: number }): Promise<BenchTable> {
  const script = await childScript('webhook-app-server');
  const apps = {} as Record<Side, AppProcess>;
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const bursts: Record<Side, Burst[]> = { noop: [], empty: [], ours: [] };
  const stats = {} as Record<Side, ServerStats>;
  try {
    for (const side of SIDES) apps[side] = await startApp(script, side);
    for (const side of SIDES) await burst(apps[side].url, deliveries(`warm-${side}`, WARM_UP), options.concurrency, agent);
    for (let run = 0; run < options.runs; run++) {
      // Rotate the order so no app always runs on a warmer (or more loaded) machine.
      for (let k = 0; k < SIDES.length; k++) {
        const side = SIDES[(run + k) % SIDES.length]!;
        bursts[side].push(await burst(apps[side].url, deliveries(`${side}-${run}`, options.deliveries), options.concurrency, agent));
      }
    }
    for (const side of SIDES) stats[side] = await askStats(apps[side].child);
  } finally {
    agent.destroy();
    for (const side of SIDES) apps[side]?.child.disconnect();
  }
  const failures = SIDES.flatMap((side) => bursts[side]).reduce((sum, b) => sum + b.failures, 0);
  if (failures > 0) throw new Error(`bench: ${failures} deliveries were not acknowledged with 200`);
  const expected = options.runs * options.deliveries + WARM_UP;
  if (stats.ours.enqueued !== expected) throw new Error(`bench: our app enqueued ${stats.ours.enqueued} reviews for ${expected} deliveries`);

  const stat = (side: Side, pick: (b: Burst) => number): Measurement => summarise(bursts[side].map(pick));
  const p50 = (side: Side) => stat(side, (b) => percentile(b.latencies, 50));
  const p99 = (side: Side) => stat(side, (b) => percentile(b.latencies, 99));
  const rate = (side: Side) => stat(side, (b) => (b.latencies.length / b.wallMs) * 1000);
  const ms = (m: Measurement) => `${m.median.toFixed(2)} ms`;
  const range = (m: Measurement, unit = 'ms') => `${m.min.toFixed(unit === 'ms' ? 2 : 0)}–${m.max.toFixed(unit === 'ms' ? 2 : 0)} ${unit} (${m.runs} bursts)`;
  const [ours50, noop50, empty50, ours99, noop99, oursRate, noopRate] = [p50('ours'), p50('noop'), p50('empty'), p99('ours'), p99('noop'), rate('ours'), rate('noop')];
  return {
    title: 'Webhook acknowledgement latency',
    description:
      `${options.runs} bursts of ${options.deliveries} signed \`pull_request.opened\` deliveries per app (real payload, ${deliveries('size', 1)[0]!.body.length.toLocaleString('en')} bytes, HMAC-SHA256), ` +
      `${options.concurrency} in flight over keep-alive connections, to Probot's \`createNodeMiddleware\` on 127.0.0.1, each app in its own process, bursts in rotating order: ` +
      'our app (handler + enqueue on the in-process queue; the review worker a no-op) vs a no-op Probot app `(app) => {}`. ' +
      'Latency runs from sending the request to the end of the 200 response; each figure is the median over bursts of the burst\'s percentile.',
    rows: [
      { name: 'p50 acknowledgement, ours vs no-op app', figure: ms(ours50), baseline: ms(noop50), ratio: ours50.median / noop50.median, spread: range(ours50), target: '≤ 1.5×', peakMemoryMb: stats.ours.peakMemoryMb, values: { ours: ours50.median, noop: noop50.median } },
      { name: 'p99 acknowledgement, ours vs no-op app', figure: ms(ours99), baseline: ms(noop99), ratio: ours99.median / noop99.median, spread: range(ours99), target: '≤ 1.5×', values: { ours: ours99.median, noop: noop99.median } },
      {
        name: 'p50 acknowledgement, ours vs an app with an empty `pull_request` handler',
        figure: ms(ours50),
        baseline: ms(empty50),
        ratio: ours50.median / empty50.median,
        spread: range(empty50),
        values: { ours: ours50.median, empty: empty50.median },
      },
      {
        name: 'deliveries acknowledged per second, ours vs no-op app',
        figure: `${oursRate.median.toFixed(0)}/s`,
        baseline: `${noopRate.median.toFixed(0)}/s`,
        ratio: oursRate.median / noopRate.median,
        spread: range(oursRate, '/s'),
        target: 'higher is better',
        values: { ours: oursRate.median, noop: noopRate.median, enqueued: stats.ours.enqueued },
      },
    ],
    notes: [
      `Every delivery was answered 200; our app enqueued ${stats.ours.enqueued} reviews (one per delivery: each names a new head). ` +
        `Peak memory is our app's process (no-op app: ${stats.noop.peakMemoryMb} MB; the load generator: ${peakMemoryMb()} MB).`,
      'The no-op app listens to no event, so Probot answers without building a context; an app with an empty `pull_request` handler pays for the context ' +
        '(an installation Octokit per event). The row against it shows what our handler itself adds.',
    ],
  };
}

async function startApp(script: string, side: Side): Promise<AppProcess> {
  const child = fork(script, [side, SECRET, WEBHOOK_PATH], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench: the ${side} app exited with ${code} before listening`)));
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'ready' && message.port) resolve(message.port);
    });
  });
  child.removeAllListeners('exit');
  return { child, url: new URL(`http://127.0.0.1:${port}${WEBHOOK_PATH}`) };
}

function askStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string } & Partial<ServerStats>) => {
      if (message.type !== 'stats') return;
      child.off('message', onMessage);
      resolve({ enqueued: message.enqueued ?? 0, peakMemoryMb: message.peakMemoryMb ?? 0 });
    };
    child.on('message', onMessage);
    child.send('stats');
  });
}

/** Signed deliveries, each for a new head of its own pull request (so every one is a new review). */
function deliveries(label: string, count: number): Delivery[] {
  const payload = pullRequestPayload('opened', { headSha: sha(`${label}-head`), baseSha: sha(`${label}-base`) });
  const pull = payload.pull_request as { number: number; head: { sha: string } };
  return Array.from({ length: count }, (_, index) => {
    pull.number = index + 1;
    payload.number = index + 1;
    pull.head.sha = sha(`${label}-${index}`);
    const body = Buffer.from(JSON.stringify(payload));
    return { id: randomUUID(), body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
  });
}

function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

/** POSTs every delivery with `concurrency` in flight; each one's latency in milliseconds. */
async function burst(url: URL, items: readonly Delivery[], concurrency: number, agent: Agent): Promise<Burst> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const delivery = items[next++]!;
      const sent = performance.now();
      const status = await post(url, delivery, agent);
      latencies.push(performance.now() - sent);
      if (status !== 200) failures++;
    }
  });
  await Promise.all(lanes);
  return { latencies, wallMs: performance.now() - started, failures };
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
