import type { Probot } from 'probot';
import { eventKey } from './guard-webhook.js';
import { deliverySchema, payloadProblem } from './handlers/webhook-schemas.js';

/** The logging the screen needs (Probot's pino logger fits). */
interface ScreenLogger {
  warn(details: object, message: string): void;
}

/**
 * Drops, before Probot parses them, signed deliveries that would make Probot itself throw (see
 * `deliverySchema`): answered 200 with one warning, like the payloads `guardWebhook` drops. Bodies
 * that are not JSON or not correctly signed go on to Probot, which answers 400.
 *
 * Probot's Node middleware calls `webhooks.verifyAndReceive` for each HTTP delivery: the screen wraps
 * that method of the app's Webhooks instance (test/app/hostile-webhooks.test.ts fails if a Probot
 * upgrade stops calling it). Deliveries given to `probot.receive` directly are not screened.
 */
export function screenDeliveries(webhooks: Probot['webhooks'], log: ScreenLogger): void {
  const receive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = async (event) => {
    const payload = parseJson(event.payload);
    const problem = payload.parsed ? payloadProblem(deliverySchema, payload.value) : undefined;
    // Unsigned junk is Probot's to refuse (400): only a delivery from GitHub earns a log line of ours.
    if (problem === undefined || !(await webhooks.verify(event.payload, event.signature).catch(() => false))) return receive(event);
    log.warn({ delivery: event.id, event: eventKey({ name: event.name, payload: payload.value }), reason: problem }, 'webhook dropped: the payload lacks fields this app reads');
  };
}

/** Bodies that are not JSON are left to Probot, which answers 400 "Invalid JSON". */
function parseJson(body: string): { parsed: boolean; value?: unknown } {
  try {
    return { parsed: true, value: JSON.parse(body) };
  } catch {
    return { parsed: false };
  }
}
