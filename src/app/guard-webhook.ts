import type { Context } from 'probot';
import type { z } from 'zod';
import { httpStatus } from '../adapters/github/github-client.js';
import { payloadProblem } from './handlers/webhook-schemas.js';

/** The logging a webhook edge needs (Probot's pino logger fits). */
interface EdgeLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What the edge reads of a delivery: its ID (`X-GitHub-Delivery`), event name and payload. */
interface Delivery {
  id: string;
  name: string;
  payload: unknown;
}

/** `pull_request.opened`, or the bare event name when the payload has no string `action`. */
export function eventKey(delivery: Pick<Delivery, 'name' | 'payload'>): string {
  const action = typeof delivery.payload === 'object' && delivery.payload !== null ? (delivery.payload as { action?: unknown }).action : undefined;
  return typeof action === 'string' ? `${delivery.name}.${action}` : delivery.name;
}

/**
 * The edge of one webhook handler, where errors are translated once. A payload without the fields the
 * handler reads is dropped; an error the handler throws (GitHub refusing a request because the
 * installation lost access, or a bug) is logged. Either way the delivery is answered 200 with exactly
 * one log line naming it: a thrown error would reach GitHub as a 4xx/500 and be logged twice by Probot
 * (its error handler and its middleware), and GitHub never redelivers by itself anyway.
 */
export function guardWebhook<C extends Context>(schema: z.ZodType, handler: (context: C) => Promise<void>): (context: C) => Promise<void> {
  return async (context) => {
    const fields = { delivery: context.id, event: eventKey(context) };
    const problem = payloadProblem(schema, context.payload);
    if (problem !== undefined) {
      context.log.warn({ ...fields, reason: problem }, 'webhook dropped: the payload lacks fields this app reads');
      return;
    }
    try {
      await handler(context);
    } catch (error) {
      logFailure(context.log, fields, error);
    }
  };
}

/** Logs a delivery of an event the app does not act on (other actions, events it was not meant to get). */
export function logIgnored(log: EdgeLogger, delivery: Delivery): void {
  log.info({ delivery: delivery.id, event: eventKey(delivery) }, 'webhook ignored: not an event this app acts on');
}

function logFailure(log: EdgeLogger, fields: { delivery: string; event: string }, error: unknown): void {
  const status = httpStatus(error);
  const reason = error instanceof Error ? error.message : String(error);
  if (status !== undefined && status >= 400 && status < 500) {
    // 401/403/404: uninstalled, suspended, or the repository left the installation. Nothing to retry.
    log.warn({ ...fields, status, reason }, 'webhook not handled: GitHub refused a request');
  } else if (status !== undefined) {
    log.warn({ ...fields, status, reason }, 'webhook not handled: GitHub failed');
  } else {
    log.error({ ...fields, err: error }, 'webhook not handled: the handler failed');
  }
}
