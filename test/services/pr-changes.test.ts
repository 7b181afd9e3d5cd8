import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { renderServicesMarkdown } from '../../src/core/services/render-services-markdown.js';
import { servicesJson } from '../../src/core/services/services-json.js';
import type { DependencyChange, ServiceChanges } from '../../src/core/services/types.js';
import { chainLines, serviceChangesOf } from './support/service-fixtures.js';

/** Two services: `orders` (whose code the PRs change) and `payments`. */
const BASE: Record<string, string> = {
  'package.json': '{ "name": "shop", "private": true, "workspaces": ["orders", "payments"] }\n',
  'payments/package.json': '{ "name": "payments" }\n',
  'payments/src/server.ts': [
    "import express from 'express';",
    'const app = express();',
    "app.post('/charges', (req, res) => res.status(201).end());",
    'app.listen(8080);',
    '',
  ].join('\n'),
  'orders/package.json': '{ "name": "orders" }\n',
  'orders/src/app.ts': [
    "import express from 'express';",
    "import { createOrder } from './orders';",
    'const app = express();',
    "app.post('/orders', async (req, res) => {",
    '  res.status(201).json(await createOrder(req.body));',
    '});',
    'app.listen(3000);',
    '',
  ].join('\n'),
  'orders/src/orders.ts': [
    'const orders: unknown[] = [];',
    'export async function createOrder(input: unknown) {',
    '  orders.push(input);',
    '  return input;',
    '}',
    '',
  ].join('\n'),
};

const WITH_PAYMENT_CALL = [
  'const orders: unknown[] = [];',
  'export async function createOrder(input: { amount: number }) {',
  "  await fetch(`${process.env.PAYMENTS_URL}/charges`, { method: 'POST', body: JSON.stringify(input), signal: AbortSignal.timeout(2000) });",
  '  orders.push(input);',
  '  return input;',
  '}',
  '',
].join('\n');

function dependencyChanges(changes: readonly DependencyChange[]): string[] {
  return changes.map(({ service, dependency: d }) => `${service}: ${[d.kind, d.direction, d.system, d.target, d.service ? `→ ${d.service}` : undefined].filter(Boolean).join(' ')} @ ${d.sites[0]?.file}:${d.sites[0]?.line}`);
}

async function changesOf(head: Record<string, string>, base: Record<string, string> = BASE): Promise<ServiceChanges> {
  const { changes } = await serviceChangesOf(new MemoryTree('base', base), new MemoryTree('head', head));
  return changes;
}

describe('service changes of a pull request', () => {
  it('reports a new synchronous call from one service to another', async () => {
    const changes = await changesOf({ ...BASE, 'orders/src/orders.ts': WITH_PAYMENT_CALL });
    expect(dependencyChanges(changes.addedDependencies)).toEqual(['orders: http http env:PAYMENTS_URL → payments @ orders/src/orders.ts:3']);
    expect(changes.removedDependencies).toEqual([]);
    expect(changes.touched.map((service) => service.name)).toEqual(['orders']);
    expect(changes.files).toEqual([
      { path: 'orders/src/orders.ts', service: 'orders', roles: ['outbound-client'], functions: [{ name: 'createOrder', startLine: 2, endLine: 6, roles: ['outbound-client'] }] },
    ]);
  });

  it('reports the call chain of a modified route down to the new call', async () => {
    const head = { ...BASE, 'orders/src/app.ts': BASE['orders/src/app.ts']!.replace('res.status(201)', 'res.status(202)'), 'orders/src/orders.ts': WITH_PAYMENT_CALL };
    const changes = await changesOf(head);
    expect(changes.chains.map((chain) => [chain.route, chain.change, chain.service, chainLines(chain.chain)])).toEqual([
      ['POST /orders', 'modified', 'orders', ['(anonymous:4) [route-handler]', '  createOrder [outbound-client] {http env:PAYMENTS_URL}']],
    ]);
  });

  it('follows an unchanged route whose chain runs through a changed function (affected)', async () => {
    const changes = await changesOf({ ...BASE, 'orders/src/orders.ts': WITH_PAYMENT_CALL });
    expect(changes.chains.map((chain) => [chain.route, chain.change, chain.service, chainLines(chain.chain), chain.reaches])).toEqual([
      ['POST /orders', 'affected', 'orders', ['(anonymous:4) [route-handler]', '  createOrder [outbound-client] {http env:PAYMENTS_URL}'], ['http env:PAYMENTS_URL']],
    ]);
  });

  it('leaves unchanged routes out when their chains do not run through changed code', async () => {
    const untouchedChain = {
      ...BASE,
      'orders/src/health.ts': ["export function uptime() {", '  return process.uptime();', '}', ''].join('\n'),
      'orders/src/app.ts': BASE['orders/src/app.ts']!.replace("app.listen(3000);", "app.get('/ping', (req, res) => res.send('ok'));\napp.listen(3000);"),
    };
    const changes = await changesOf({ ...untouchedChain, 'orders/src/health.ts': untouchedChain['orders/src/health.ts']!.replace('uptime()', 'uptime() * 1000') }, untouchedChain);
    expect(changes.chains).toEqual([]);
  });

  it('credits a service with what a workspace library it starts importing reaches (via the library)', async () => {
    const base = {
      'package.json': '{ "name": "shop", "private": true, "workspaces": ["services/*", "libs/*"] }\n',
      'services/orders/package.json': '{ "name": "orders", "dependencies": { "express": "^4" } }\n',
      'services/orders/src/server.ts': [
        "import express from 'express';",
        "import { createOrder } from './orders';",
        'const app = express();',
        "app.post('/orders', async (req, res) => res.status(201).json(await createOrder(req.body)));",
        'app.listen(3000);',
        '',
      ].join('\n'),
      'services/orders/src/orders.ts': ['export async function createOrder(input: { amount: number }) {', '  return input;', '}', ''].join('\n'),
      'services/payments/package.json': '{ "name": "payments", "dependencies": { "express": "^4" } }\n',
      'services/payments/src/server.ts': ["import express from 'express';", 'const app = express();', "app.post('/charges', (req, res) => res.status(201).end());", 'app.listen(8080);', ''].join('\n'),
      'libs/payments-client/package.json': '{ "name": "@shop/payments-client", "main": "dist/index.js" }\n',
      'libs/payments-client/src/index.ts': [
        'export async function charge(amount: number) {',
        "  return fetch(`${process.env.PAYMENTS_URL}/charges`, { method: 'POST', body: String(amount), signal: AbortSignal.timeout(2000) });",
        '}',
        '',
      ].join('\n'),
    };
    const head = {
      ...base,
      'services/orders/src/orders.ts': ["import { charge } from '@shop/payments-client';", 'export async function createOrder(input: { amount: number }) {', '  await charge(input.amount);', '  return input;', '}', ''].join('\n'),
    };
    const changes = await changesOf(head, base);
    expect(changes.addedDependencies.map(({ service, dependency: d }) => `${service}: ${d.kind} ${d.target}${d.service ? ` → ${d.service}` : ''} via ${d.via} @ ${d.sites[0]?.file}:${d.sites[0]?.line}`)).toEqual([
      'orders: http env:PAYMENTS_URL → payments via payments-client @ libs/payments-client/src/index.ts:2',
    ]);
    expect(changes.removedDependencies).toEqual([]);
  });

  it.each([
    ['to a service of the repository', "'http://payments:8080/charges'", "`${process.env.PAYMENTS_URL}/charges`"],
    ['to a third party, through the default beside the variable', "'https://api.stripe.example/v1/charges'", "`${process.env.STRIPE_URL ?? 'https://api.stripe.example'}/v1/charges`"],
  ])('a URL written out replaced by a variable reaching the same place is no dependency change (%s)', async (_name, before, after) => {
    const call = (url: string) => ['export async function charge(amount: number) {', `  return fetch(${url}, { method: 'POST', body: String(amount), signal: AbortSignal.timeout(2000) });`, '}', ''].join('\n');
    const base = { ...BASE, 'orders/src/charge.ts': call(before) };
    const changes = await changesOf({ ...base, 'orders/src/charge.ts': call(after) }, base);
    expect(changes.addedDependencies).toEqual([]);
    expect(changes.removedDependencies).toEqual([]);
  });

  it('reports a new consumer of a topic', async () => {
    const consumer = [
      "import { Kafka } from 'kafkajs';",
      "const kafka = new Kafka({ brokers: ['kafka:9092'] });",
      "const consumer = kafka.consumer({ groupId: 'orders' });",
      'export async function start() {',
      "  await consumer.subscribe({ topics: ['payments.completed'] });",
      '}',
      '',
    ].join('\n');
    const changes = await changesOf({ ...BASE, 'orders/src/consumers/payment-events.ts': consumer });
    expect(dependencyChanges(changes.addedDependencies)).toEqual(['orders: messaging consume kafka payments.completed @ orders/src/consumers/payment-events.ts:5']);
    expect(changes.files.map((file) => [file.path, file.roles.join(', ')])).toEqual([['orders/src/consumers/payment-events.ts', 'message-consumer']]);
  });

  it('reports a new database with how its client is created', async () => {
    const db = ["import { Pool } from 'pg';", 'export const pool = new Pool({ connectionString: process.env.ORDERS_DB_URL, max: 10 });', ''].join('\n');
    const orders = [
      "import { pool } from './db';",
      'export async function createOrder(input: { sku: string }) {',
      "  await pool.query('INSERT INTO orders (sku) VALUES ($1)', [input.sku]);",
      '  return input;',
      '}',
      '',
    ].join('\n');
    const changes = await changesOf({ ...BASE, 'orders/src/db.ts': db, 'orders/src/orders.ts': orders });
    expect(dependencyChanges(changes.addedDependencies)).toEqual(['orders: database postgres env:ORDERS_DB_URL @ orders/src/db.ts:2']);
    expect(changes.addedDependencies[0]!.dependency.clients).toEqual([{ file: 'orders/src/db.ts', line: 2, detail: 'new Pool', pooled: true, scope: 'module' }]);
    expect(changes.files.map((file) => [file.path, file.roles.join(', ')])).toEqual([
      ['orders/src/orders.ts', 'data-access'],
      ['orders/src/db.ts', 'data-access'],
    ]);
  });

  it('reports a connection opened on every call as such', async () => {
    const orders = [
      "import { Client } from 'pg';",
      'export async function createOrder(input: { sku: string }) {',
      '  const client = new Client({ connectionString: process.env.ORDERS_DB_URL });',
      '  await client.connect();',
      "  await client.query('INSERT INTO orders (sku) VALUES ($1)', [input.sku]);",
      '  return input;',
      '}',
      '',
    ].join('\n');
    const changes = await changesOf({ ...BASE, 'orders/src/orders.ts': orders });
    expect(changes.addedDependencies[0]!.dependency.clients).toEqual([{ file: 'orders/src/orders.ts', line: 3, detail: 'new Client', pooled: false, scope: 'function' }]);
  });

  it('reports no dependency change when a PR only moves the code that makes a call', async () => {
    const base = { ...BASE, 'orders/src/orders.ts': WITH_PAYMENT_CALL };
    const client = [
      'export async function charge(input: { amount: number }) {',
      "  await fetch(`${process.env.PAYMENTS_URL}/charges`, { method: 'POST', body: JSON.stringify(input), signal: AbortSignal.timeout(2000) });",
      '}',
      '',
    ].join('\n');
    const orders = [
      "import { charge } from './payments-client';",
      'const orders: unknown[] = [];',
      'export async function createOrder(input: { amount: number }) {',
      '  await charge(input);',
      '  orders.push(input);',
      '  return input;',
      '}',
      '',
    ].join('\n');
    const changes = await changesOf({ ...base, 'orders/src/orders.ts': orders, 'orders/src/payments-client.ts': client }, base);
    expect(changes.addedDependencies).toEqual([]);
    expect(changes.removedDependencies).toEqual([]);
    expect(changes.files.map((file) => [file.path, file.roles.join(', ')])).toEqual([
      ['orders/src/orders.ts', 'business-service'],
      ['orders/src/payments-client.ts', 'outbound-client'],
    ]);
  });

  it('reports a removed dependency and a deleted file with its base roles', async () => {
    const base = { ...BASE, 'orders/src/orders.ts': WITH_PAYMENT_CALL, 'orders/src/legacy.ts': 'export function ping() {\n  return fetch(\'http://legacy:9000/ping\');\n}\n' };
    const head = Object.fromEntries(Object.entries(base).filter(([path]) => path !== 'orders/src/legacy.ts'));
    const changes = await changesOf(head, base);
    expect(dependencyChanges(changes.removedDependencies)).toEqual(['orders: http http http://legacy:9000 @ orders/src/legacy.ts:2']);
    expect(changes.files).toEqual([{ path: 'orders/src/legacy.ts', service: 'orders', roles: ['outbound-client'], functions: [] }]);
  });

  it('renders the summary section and the JSON field', async () => {
    const changes = await changesOf({ ...BASE, 'orders/src/orders.ts': WITH_PAYMENT_CALL });
    expect(renderServicesMarkdown(changes)).toBe([
      '### Services',
      '',
      '| Service | Kind | Changed files | Roles | Routes | Dependencies |',
      '| --- | --- | ---: | --- | ---: | ---: |',
      '| orders | service | 1 | outbound-client | 1 | 1 |',
      '',
      '**New dependencies**',
      '',
      '- **orders**: http `env:PAYMENTS_URL` → service **payments** — `orders/src/orders.ts:3`',
    ].join('\n'));
    const json = servicesJson(changes);
    expect(json.added_dependencies).toEqual([
      { service: 'orders', kind: 'http', system: 'http', target: 'env:PAYMENTS_URL', target_service: 'payments', libraries: ['fetch'], sites: [{ file: 'orders/src/orders.ts', line: 3 }], site_count: 1 },
    ]);
    expect(json.touched.map((service) => [service.name, service.entry_points.map((entry) => entry.detail), service.routes])).toEqual([['orders', ['app.listen'], ['POST /orders']]]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
