/**
 * Structured logs: every line of a review carries the delivery ID, job ID, repository and pull
 * request, and secrets never reach the output. Works on Probot's pino logger (`app.log`) through
 * `child()`, so the app keeps Probot's log format and level.
 */
import type { Logger } from 'probot';

/**
 * pino `redact` paths: tokens, keys and signatures wherever our code or our libraries log them
 * (Octokit request errors carry `request.headers.authorization`; webhook requests carry the signature).
 * pino paths do not recurse, so each depth that occurs is listed.
 */
export const LOG_REDACT_PATHS: readonly string[] = [
  'token',
  'password',
  'secret',
  'apiKey',
  'privateKey',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.apiKey',
  '*.api_key',
  '*.privateKey',
  '*.private_key',
  '*.authorization',
  '*.webhookSecret',
  'headers.authorization',
  'headers.cookie',
  'headers["x-hub-signature"]',
  'headers["x-hub-signature-256"]',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-hub-signature"]',
  '*.headers["x-hub-signature-256"]',
  '*.headers["x-api-key"]',
  'err.request.headers.authorization',
  'err.response.headers.authorization',
  'error.request.headers.authorization',
  'req.headers.authorization',
  'req.headers["x-hub-signature-256"]',
  'env.PRIVATE_KEY',
  'env.WEBHOOK_SECRET',
  'env.ANTHROPIC_API_KEY',
  'env.REDIS_URL',
];

/** The redaction options for `pino({ redact })` or `logger.child(bindings, { redact })`. */
export const LOG_REDACTION = { paths: [...LOG_REDACT_PATHS], censor: '[REDACTED]' };

/** What identifies one review in the logs. */
export interface ReviewLogContext {
  deliveryId?: string;
  jobId?: string;
  owner: string;
  repo: string;
  pullNumber: number;
  headSha?: string;
  installationId?: number;
  attempt?: number;
}

/** The bindings a review's log lines carry: `deliveryId`, `jobId`, `repository` (`owner/repo`), `pr`, … */
export function reviewLogBindings(context: ReviewLogContext): Record<string, string | number> {
  return {
    repository: `${context.owner}/${context.repo}`,
    pr: context.pullNumber,
    ...(context.deliveryId !== undefined ? { deliveryId: context.deliveryId } : {}),
    ...(context.jobId !== undefined ? { jobId: context.jobId } : {}),
    ...(context.headSha !== undefined ? { headSha: context.headSha } : {}),
    ...(context.installationId !== undefined ? { installationId: context.installationId } : {}),
    ...(context.attempt !== undefined ? { attempt: context.attempt } : {}),
  };
}

/** A child of `log` for one review: its lines carry the review's bindings and are redacted. */
export function reviewLogger(log: Logger, context: ReviewLogContext): Logger {
  return log.child(reviewLogBindings(context), { redact: LOG_REDACTION });
}

/** A child of `log` that redacts secrets (for code paths outside a review). */
export function redactingLogger(log: Logger): Logger {
  return log.child({}, { redact: LOG_REDACTION });
}
