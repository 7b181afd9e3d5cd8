import { unkeyedPaymentPost } from '../../src/core/rules/idempotency-unkeyed-payment-post.js';
import { testRule } from './rule-tester.js';

const handler = (body: string) => `router.post('/payments', async (req, res) => {\n${body}\n});\n`;

testRule(unkeyedPaymentPost, {
  valid: [
    { name: 'js reads Idempotency-Key', language: 'js', code: handler("  const key = req.get('Idempotency-Key');\n  res.json(await charge(req.body, key));"), routes: [{ method: 'POST', path: '/payments', line: 1, handler: [1, 4] }] },
    { name: 'js middleware handles it', language: 'js', code: handler('  res.json(await charge(req.body));'), routes: [{ method: 'POST', path: '/payments', line: 1, handler: [1, 3], middleware: ['idempotency()'] }] },
    { name: 'js handled elsewhere in the service', language: 'js', code: handler('  res.json(await charge(req.body));'), routes: [{ method: 'POST', path: '/payments', line: 1, handler: [1, 3] }], files: { 'src/middleware/idempotency.ts': "export const idempotencyKeys = new Set();\n" } },
    { name: 'js not a critical resource', language: 'js', code: "router.post('/comments', async (req, res) => {\n  res.json(await save(req.body));\n});\n", routes: [{ method: 'POST', path: '/comments', line: 1, handler: [1, 3] }] },
    { name: 'python key header', language: 'python', code: '@app.post("/orders")\ndef create(order: OrderIn, idempotency_key: str = Header(...)):\n    return service.create(order, idempotency_key)\n', routes: [{ method: 'POST', path: '/orders', line: 1 }] },
  ],
  invalid: [
    { name: 'js payments without key', language: 'js', code: handler('  res.status(201).json(await charge(req.body));'), routes: [{ method: 'POST', path: '/payments', line: 1, handler: [1, 3] }], errors: [{ messageId: 'noIdempotencyKey', line: 1 }] },
    { name: 'python orders without key', language: 'python', code: '@app.post("/orders")\ndef create(order: OrderIn):\n    return service.create(order)\n', routes: [{ method: 'POST', path: '/orders', line: 1 }], errors: [{ messageId: 'noIdempotencyKey', line: 1 }] },
    { name: 'go refund without key', language: 'go', code: 'func refund(c *gin.Context) {\n\tc.JSON(201, svc.Refund(c.Param("id")))\n}\n', routes: [{ method: 'POST', path: '/orders/{id}/refund', line: 1, handler: [1, 3] }], errors: [{ messageId: 'noIdempotencyKey', line: 1 }] },
    { name: 'java checkout without key', language: 'java', code: 'class C {\n  @PostMapping("/checkout")\n  public Order checkout(@RequestBody Cart cart) {\n    return orders.place(cart);\n  }\n}\n', routes: [{ method: 'POST', path: '/checkout', line: 2 }], errors: [{ messageId: 'noIdempotencyKey', line: 2 }] },
  ],
});
