import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { defineRule, routeNameOf, routeRefOf, type FileView, type RuleLanguage } from './types.js';
import { factsForRoute, type HandlerSpan } from './support/facts-for-route.js';
import { literalText, STRING_KINDS } from './support/string-literal.js';
import { segmentsOf } from './support/route-traits.js';

interface KeyFacts extends HandlerSpan {
  readsKey: boolean;
}

/** Last path words of operations that move money or create orders. */
const CRITICAL_WORDS = new Set(['payment', 'payments', 'charge', 'charges', 'checkout', 'order', 'orders', 'transfer', 'transfers', 'refund', 'refunds', 'payout', 'payouts', 'purchase', 'purchases', 'subscription', 'subscriptions', 'invoice', 'invoices', 'pay', 'capture', 'donation', 'donations', 'withdrawal', 'withdrawals', 'deposit', 'deposits']);

const IDENTIFIER_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['identifier', 'property_identifier'],
  python: ['identifier'],
  go: ['identifier', 'field_identifier'],
  java: ['identifier'],
};

/** True when the tree under `node` names an idempotency key (a header, a field, a helper). */
function mentionsIdempotency(node: SgNode, family: RuleLanguage): boolean {
  const kinds = [...IDENTIFIER_KINDS[family], ...STRING_KINDS[family].filter((k) => k !== 'concatenated_string')];
  return node.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } }).some((n) => (literalText(n, family) ?? n.text()).toLowerCase().includes('idempoten'));
}

/** Whether the file's text has the word in any case (both phases ask). */
function mentionsWord(file: FileView): boolean {
  return file.mentionsAnyCase('idempoten');
}

function isCriticalPost(route: { method: string; path: string }): boolean {
  if (route.method !== 'POST') return false;
  const words = segmentsOf(route.path).filter((s) => !s.startsWith('{')).map((s) => s.toLowerCase());
  return CRITICAL_WORDS.has(words[words.length - 1] ?? '');
}

export const unkeyedPaymentPost = defineRule({
  id: 'idempotency/unkeyed-payment-post',
  meta: {
    checklist: 'api.idempotency',
    severity: 'low',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new POST that creates a payment, charge, order, transfer or refund and does not read an idempotency key.',
    rationale:
      'Networks time out after the server has acted: the client cannot know whether the charge happened and retries, and without an idempotency key the retry charges twice or creates a second order. Accept an `Idempotency-Key` header, store the key with the result, and answer a repeated key with the stored result.',
    messages: {
      noIdempotencyKey: {
        title: '{route} creates a critical resource without an idempotency key',
        message: 'A retried request (timeout, double click, client retry) creates a second payment or order here. Accept an `Idempotency-Key` header, store it with the result and return the stored result for a repeated key.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "router.post('/payments', async (req, res) => {\n  const payment = await payments.charge(req.body);\n  res.status(201).json(payment);\n});\n",
        good: "router.post('/payments', async (req, res) => {\n  const key = req.get('Idempotency-Key');\n  const payment = await payments.charge(req.body, { idempotencyKey: key });\n  res.status(201).json(payment);\n});\n",
        badRoutes: [{ method: 'POST', path: '/payments', line: 1, handler: [1, 4] }],
        goodRoutes: [{ method: 'POST', path: '/payments', line: 1, handler: [1, 5] }],
      },
    },
  },
  collect(file: FileView): boolean | undefined {
    // Cheap gate on the text; the tree confirms (a comment saying "idempotent" is not handling).
    if (!mentionsWord(file)) return undefined;
    return mentionsIdempotency(file.root, file.family) ? true : undefined;
  },
  checkFile(context) {
    // Without the word anywhere in the file, no handler of it reads a key: one fact spans the file.
    if (!mentionsWord(context)) {
      context.keep({ startLine: 1, endLine: Number.MAX_SAFE_INTEGER, readsKey: false } satisfies KeyFacts);
      return;
    }
    for (const handler of context.handlers()) {
      context.keep({ startLine: handler.startLine, endLine: handler.endLine, readsKey: mentionsIdempotency(handler.node, context.family) } satisfies KeyFacts);
    }
  },
  checkProject(context) {
    for (const change of context.routeChanges) {
      const route = change.route;
      if (change.kind !== 'added' || !isCriticalPost(route) || route.middleware.some((m) => m.toLowerCase().includes('idempoten'))) continue;
      const facts = factsForRoute(route, (path) => context.kept(path) as readonly KeyFacts[]);
      if (!facts || facts.readsKey) continue;
      // Handled somewhere else in the service (a middleware applied globally): not ours to judge.
      const root = context.serviceRootOf(route.file);
      if (context.collected.some(({ path }) => context.serviceRootOf(path) === root && path !== (route.handler?.file ?? route.file))) continue;
      context.report({ path: route.file, data: { route: routeNameOf(route) }, messageId: 'noIdempotencyKey', line: route.line, routeRef: routeRefOf(route) });
    }
  },
  assess(change, context) {
    if (change.route.method === 'GET' || change.route.method === 'PUT' || change.route.method === 'DELETE') return { status: 'not-applicable', evidence: `${change.route.method} is idempotent by definition` };
    if (!isCriticalPost(change.route)) return undefined;
    const facts = factsForRoute(change.route, (path) => context.kept(path) as readonly KeyFacts[]);
    return facts?.readsKey ? { status: 'satisfied', evidence: 'idempotency: key read in handler' } : undefined;
  },
});
