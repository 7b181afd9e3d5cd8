/**
 * OpenTelemetry traces: webhook → job → GitHub and model calls. Enabled when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; everything here is a cheap
 * no-op otherwise (the @opentelemetry/api default tracer records nothing).
 *
 * Context crosses the queue as a W3C `traceparent` string stored beside the job, so a review that runs
 * in another process continues the webhook's trace.
 */
import { context, trace, SpanKind, SpanStatusCode, TraceFlags, isSpanContextValid, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';

const TRACER_NAME = 'backend-expert';

export interface Telemetry {
  enabled: boolean;
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

let started: Telemetry | undefined;

/**
 * Starts the trace SDK when the environment names an OTLP endpoint (HTTP/JSON, `<endpoint>/v1/traces`
 * unless OTEL_EXPORTER_OTLP_TRACES_ENDPOINT gives the full URL). The service name is OTEL_SERVICE_NAME or
 * `backend-expert`. Calling it again returns the first handle.
 */
export function startTelemetry(env: NodeJS.ProcessEnv, options: { serviceName?: string; role?: string } = {}): Telemetry {
  if (started) return started;
  const url = tracesUrl(env);
  if (!url) return { enabled: false, shutdown: async () => {} };
  const resource = defaultResource().merge(
    resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME ?? options.serviceName ?? 'backend-expert',
      ...(options.role ? { 'backend_expert.role': options.role } : {}),
    }),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
  provider.register();
  const handle: Telemetry = {
    enabled: true,
    shutdown: async () => {
      if (started === handle) started = undefined;
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
  started = handle;
  return handle;
}

function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Runs `fn` inside a new active span (child of the current one): the span ends when `fn` settles and
 * records the error when it throws. A no-op wrapper when telemetry is off.
 */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T> | T, options: { kind?: SpanKind } = {}): Promise<T> {
  return runInSpan(name, attributes, options.kind ?? SpanKind.INTERNAL, context.active(), fn);
}

/**
 * Like `withSpan`, but the parent is the span that `traceparent` names (captured with
 * `currentTraceparent()` when the job was enqueued), so the job joins the webhook's trace.
 */
export async function withJobSpan<T>(name: string, traceparent: string | undefined, attributes: Attributes, fn: (span: Span) => Promise<T> | T): Promise<T> {
  return runInSpan(name, attributes, SpanKind.CONSUMER, contextFromTraceparent(traceparent), fn);
}

async function runInSpan<T>(name: string, attributes: Attributes, kind: SpanKind, parent: Context, fn: (span: Span) => Promise<T> | T): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes, kind }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      span.recordException(failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span as a W3C `traceparent`, or undefined when no span records (telemetry off). */
export function currentTraceparent(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context whose remote parent is `traceparent`; the active context when it is absent or malformed. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return context.active();
  const [, traceId = '', spanId = '', flags = '00'] = match;
  const spanContext = { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(context.active(), spanContext) : context.active();
}
