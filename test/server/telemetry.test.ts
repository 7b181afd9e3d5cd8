import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BullmqQueue } from '../../src/queue/bullmq-queue.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { deferred } from '../queue/helpers.js';
import { REDIS_URL, deleteKeys, uniquePrefix } from '../queue/redis-helpers.js';
import { contextFromTraceparent, currentTraceparent, startTelemetry, withSpan, type Telemetry } from '../../src/server/telemetry.js';

interface ExportedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  status?: { code?: number };
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

const received: unknown[] = [];
const paths: string[] = [];
let collector: Server;
let endpoint = '';

beforeAll(async () => {
  // A stand-in OTLP/HTTP collector on loopback.
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      paths.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
      received.push(JSON.parse(Buffer.concat(chunks).toString()));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});

afterAll(async () => {
  collector.closeAllConnections();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
});

function exportedSpans(): ExportedSpan[] {
  const spans: ExportedSpan[] = [];
  for (const body of received as Array<{ resourceSpans: Array<{ scopeSpans: Array<{ spans: ExportedSpan[] }> }> }>) {
    for (const resourceSpans of body.resourceSpans) for (const scopeSpans of resourceSpans.scopeSpans) spans.push(...scopeSpans.spans);
  }
  return spans;
}

function serviceNames(): string[] {
  return (received as Array<{ resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> } }> }>).flatMap((body) =>
    body.resourceSpans.map((resourceSpans) => resourceSpans.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? ''),
  );
}

describe('telemetry off', () => {
  it('is a no-op without an OTLP endpoint', async () => {
    const telemetry = startTelemetry({});
    expect(telemetry.enabled).toBe(false);
    expect(await withSpan('anything', { a: 1 }, () => currentTraceparent())).toBeUndefined();
    await telemetry.shutdown();
  });

  it('ignores a malformed traceparent', () => {
    expect(() => contextFromTraceparent('not-a-traceparent')).not.toThrow();
  });
});

describe('telemetry on', () => {
  let telemetry: Telemetry;

  it('exports webhook → job → GitHub call as one trace, across the queue', async () => {
    telemetry = startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`, OTEL_SERVICE_NAME: 'be-test' }, { role: 'all' });
    expect(telemetry.enabled).toBe(true);
    const queue = new InProcessQueue();
    queue.process(async () => {
      await withSpan('github.pulls.get', { 'http.status_code': 200 }, async () => undefined);
      await withSpan('model.messages', {}, async () => {
        throw new Error('overloaded');
      }).catch(() => undefined);
    });
    let traceparent: string | undefined;
    await withSpan('webhook pull_request.synchronize', { 'github.delivery': 'd-1' }, async () => {
      traceparent = currentTraceparent();
      await queue.enqueue({ installationId: 1, owner: 'octo', repo: 'shop', pullNumber: 7, headSha: 'a'.repeat(40), trigger: 'pull_request', deliveryId: 'd-1' });
    });
    await queue.onIdle();
    await queue.close(10);
    await telemetry.shutdown();

    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(paths).toEqual(['POST /v1/traces application/json']);
    expect(serviceNames()).toEqual(['be-test']);
    const spans = exportedSpans();
    const byName = new Map(spans.map((span) => [span.name, span]));
    const webhook = byName.get('webhook pull_request.synchronize');
    const job = byName.get('review.job');
    const github = byName.get('github.pulls.get');
    const model = byName.get('model.messages');
    expect(spans.map((span) => span.name).sort()).toEqual(['github.pulls.get', 'model.messages', 'review.job', 'webhook pull_request.synchronize']);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    expect([job?.parentSpanId, github?.parentSpanId, model?.parentSpanId]).toEqual([webhook?.spanId, job?.spanId, job?.spanId]);
    expect(model?.status?.code).toBe(2);
    expect(job?.attributes.find((attribute) => attribute.key === 'review.repository')?.value).toEqual({ stringValue: 'octo/shop' });
  });

  it('carries the trace through Redis with the job (traceparent in the job data)', async () => {
    received.length = 0;
    telemetry = startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const prefix = uniquePrefix('trace');
    const web = new BullmqQueue({ url: REDIS_URL, prefix });
    const workerProcess = new BullmqQueue({ url: REDIS_URL, prefix });
    const done = deferred();
    workerProcess.process(async () => {
      await withSpan('github.checks.create', {}, async () => undefined);
      done.resolve();
    });
    try {
      await withSpan('webhook pull_request.opened', {}, () => web.enqueue({ installationId: 1, owner: 'octo', repo: 'shop', pullNumber: 8, headSha: 'b'.repeat(40), trigger: 'pull_request' }));
      await done.promise;
    } finally {
      await workerProcess.close(1_000);
      await web.close(1_000);
      await telemetry.shutdown();
      await deleteKeys(prefix);
    }
    const byName = new Map(exportedSpans().map((span) => [span.name, span]));
    const webhook = byName.get('webhook pull_request.opened');
    const job = byName.get('review.job');
    expect([job?.traceId, job?.parentSpanId, byName.get('github.checks.create')?.parentSpanId]).toEqual([webhook?.traceId, webhook?.spanId, job?.spanId]);
  });
});
