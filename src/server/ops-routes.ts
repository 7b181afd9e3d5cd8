/**
 * GET /healthz, /readyz and /metrics as a plain node:http handler, so the same code serves them on the
 * Probot server (`addHandler`, web and all roles) and on the worker's own small server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { withTimeout } from '../queue/with-timeout.js';
import type { Metrics } from './metrics.js';

/** One readiness condition: resolves true (or nothing) when met; false or a rejection when not. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean | void>;
}

export interface ReadinessReport {
  ready: boolean;
  /** `ok` or why the check failed, per check name. */
  checks: Record<string, string>;
  failed: string[];
}

export interface OpsRoutesOptions {
  /** Where /metrics reads from (usually the process-wide `metrics`). */
  metrics: Pick<Metrics, 'render'>;
  /** Conditions for /readyz, e.g. Redis reachable and the agent definition loaded. */
  readinessChecks?: readonly ReadinessCheck[];
  /** A check that has not answered by then fails (default 2 s: probes time out quickly). */
  checkTimeoutMs?: number;
}

/** A Probot-compatible handler: returns true when it answered the request. */
export type OpsHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/** Runs every check concurrently, each bounded by `timeoutMs`. */
export async function runReadinessChecks(checks: readonly ReadinessCheck[], timeoutMs = 2_000): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }): Promise<[string, string]> => {
      try {
        const ok = await withTimeout(check(), timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
        return [name, ok === false ? 'not ready' : 'ok'];
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)];
      }
    }),
  );
  const failed = results.filter(([, status]) => status !== 'ok').map(([name]) => name);
  return { ready: failed.length === 0, checks: Object.fromEntries(results), failed };
}

/** The handler for the three routes; any other request is left to the next handler (returns false). */
export function createOpsHandler(options: OpsRoutesOptions): OpsHandler {
  const checks = options.readinessChecks ?? [];
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const path = (request.url ?? '').split('?')[0];
    switch (path) {
      case '/healthz':
        sendJson(response, 200, { status: 'ok' });
        return true;
      case '/readyz': {
        const report = await runReadinessChecks(checks, options.checkTimeoutMs);
        sendJson(response, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', checks: report.checks, failed: report.failed });
        return true;
      }
      case '/metrics': {
        const { contentType, body } = await options.metrics.render();
        response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
        return true;
      }
      default:
        return false;
    }
  };
}

/**
 * Mounts the routes on Probot's server. Probot 14 has no `getRouter`: its app function receives
 * `{ addHandler }`, which appends a node:http handler after the webhook route.
 *
 * ```ts
 * export default (app: Probot, { addHandler }: ApplicationFunctionOptions) => {
 *   registerOpsRoutes(addHandler, { metrics, readinessChecks });
 * };
 * ```
 */
export function registerOpsRoutes(addHandler: (handler: OpsHandler) => void, options: OpsRoutesOptions): void {
  addHandler(createOpsHandler(options));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(`${JSON.stringify(body)}\n`);
}

/** A readiness check from a queue's `ready()` (named `redis` when the queue is on Redis). */
export function queueReadinessCheck(queue: { ready(): Promise<boolean> }, name = 'queue'): ReadinessCheck {
  return { name, check: () => queue.ready() };
}
