import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Probot, run, Server, type ApplicationFunction } from 'probot';
import { agentReviewerFromEnv } from '../adapters/anthropic/agent-reviewer-from-env.js';
import { defaultScanPool } from '../core/analysis/scan-worker-pool.js';
import { BullmqQueue } from '../queue/bullmq-queue.js';
import { InProcessQueue } from '../queue/in-process-queue.js';
import type { ReviewQueue } from '../queue/types.js';
import { installGracefulShutdown } from '../server/graceful-shutdown.js';
import { metrics } from '../server/metrics.js';
import { queueReadinessCheck, registerOpsRoutes, type ReadinessCheck } from '../server/ops-routes.js';
import { loadShippedAgents } from '../adapters/anthropic/load-shipped-agents.js';
import { parseRole, runsReviews, servesWebhooks, type Role } from '../server/role.js';
import { startWorkerRole } from '../server/start-worker-role.js';
import { startTelemetry } from '../server/telemetry.js';
import { createApp, createReviewWorker } from './create-app.js';
import type { AgentFactory } from './run-review-job.js';

/** Webhooks are served here (contract §4). */
const WEBHOOK_PATH = '/api/github/webhooks';
type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * `npm start`: the GitHub App with Probot's standard variables. The role decides what this process does:
 * `all` (webhooks and reviews), `web` (webhooks, enqueue only) or `worker` (reviews only). The queue is
 * in-process unless REDIS_URL is set. Without ANTHROPIC_API_KEY reviews run offline.
 */
export async function startApp(env: NodeJS.ProcessEnv, roleOverride?: Role): Promise<void> {
  const role = roleOverride ?? parseRole(env.BACKEND_EXPERT_ROLE);
  if (!env.APP_ID?.trim() && env.NODE_ENV !== 'production') {
    // First start: Probot's setup flow registers the App from app.yml and writes .env.
    await run(() => {});
    return;
  }
  const appId = requireEnv(env, 'APP_ID');
  const privateKey = readPrivateKey(env);
  // A bad BACKEND_EXPERT_SCAN_WORKERS stops the start, not every review later; the workers start
  // now, idle, so that reviews do not pay for it.
  defaultScanPool()?.warm();
  const logLevel = LOG_LEVELS.find((level) => level === env.LOG_LEVEL) ?? 'info';
  const baseUrl = env.GHE_HOST ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/api/v3` : undefined;
  // With REDIS_URL, Probot's throttling keeps GitHub's rate limits across processes (Bottleneck on
  // Redis, through the ioredis this package installs).
  const probotOptions = {
    appId,
    privateKey,
    logLevel,
    ...(env.WEBHOOK_SECRET ? { secret: env.WEBHOOK_SECRET } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(env.REDIS_URL ? { redisConfig: env.REDIS_URL } : {}),
  };
  // Probot 14 builds its logger and Octokit asynchronously.
  const probot = await new Probot(probotOptions).ready();
  const telemetry = startTelemetry(env, { role });
  const queue: ReviewQueue = env.REDIS_URL ? new BullmqQueue({ url: env.REDIS_URL }) : new InProcessQueue({ metrics });
  const agentFactory: AgentFactory = (_config, context) => agentReviewerFromEnv(env, { installation: String(context.installationId) });
  if (!env.ANTHROPIC_API_KEY) probot.log.info('no ANTHROPIC_API_KEY: reviews run offline');

  const agentsLoaded = agentDefinitionReadiness();
  if (!servesWebhooks(role)) {
    await startWorkerRole({
      env, queue, worker: createReviewWorker((id) => probot.auth(id), probot.log, { agentFactory }), metrics, telemetry, logger: probot.log,
      readinessChecks: [agentsLoaded],
    });
    return;
  }

  const server = new Server({
    Probot: Probot.defaults(probotOptions),
    log: probot.log,
    port: env.PORT ? Number(env.PORT) : 3000,
    ...(env.HOST ? { host: env.HOST } : {}),
    webhookPath: WEBHOOK_PATH,
  });
  const shutdown = installGracefulShutdown({
    steps: [
      { name: 'http server', run: () => server.stop() },
      { name: 'queue', run: (remainingMs) => queue.close(Math.max(0, remainingMs - 2_000)) },
      { name: 'telemetry', run: () => telemetry.shutdown() },
    ],
    logger: probot.log,
  });
  metrics.observeQueue(queue);
  const appFn: ApplicationFunction = (app, options) => {
    registerOpsRoutes(options.addHandler, {
      metrics,
      readinessChecks: [shutdown.readinessCheck, queueReadinessCheck(queue, env.REDIS_URL ? 'redis' : 'queue'), agentsLoaded],
    });
    return createApp({ queue, agentFactory, role: runsReviews(role) ? 'all' : 'web' })(app, options);
  };
  await server.load(appFn);
  await server.start();
}

/** Readiness: the shipped agent definition and its skills load and parse (contract §4). */
export function agentDefinitionReadiness(): ReadinessCheck {
  let loaded: Promise<boolean> | undefined;
  return {
    name: 'agent-definition',
    check: () => {
      loaded ??= loadShippedAgents().then((catalogue) => catalogue.agents.some((agent) => agent.definition.name === 'backend-expert' && agent.checklist.length === 23));
      // A failed load is retried on the next probe rather than cached forever.
      return loaded.catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
    },
  };
}

function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** PRIVATE_KEY (PEM, PEM with `\n` escapes, or base64 of the PEM) or PRIVATE_KEY_PATH, as Probot reads them. */
export function readPrivateKey(env: NodeJS.ProcessEnv): string {
  const inline = env.PRIVATE_KEY?.trim();
  if (inline) {
    const text = inline.replace(/\\n/g, '\n');
    return text.includes('-----BEGIN') ? text : Buffer.from(text, 'base64').toString('utf8');
  }
  if (env.PRIVATE_KEY_PATH) return readFileSync(env.PRIVATE_KEY_PATH, 'utf8');
  throw new Error('PRIVATE_KEY or PRIVATE_KEY_PATH is not set');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startApp(process.env).catch((error: unknown) => {
    console.error(`backend-expert: ${(error as Error).message}`);
    process.exit(1);
  });
}
