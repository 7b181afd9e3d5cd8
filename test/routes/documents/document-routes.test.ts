import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { diffRoutes } from '../../../src/core/routes/diff-routes.js';
import { listedRouteChanges, listedRoutes } from '../../../src/core/routes/document-routes.js';

const PACKAGE = '{"name":"orders","dependencies":{"express":"^4"}}\n';
const APP = [
  "import express from 'express';",
  'const app = express();',
  "app.get('/orders', (req, res) => res.json([]));",
  "app.post('/orders', (req, res) => res.status(201).json(req.body));",
  'app.listen(3000);',
  '',
].join('\n');
const spec = (extra = '') =>
  [
    'openapi: 3.0.3',
    'info: { title: Orders, version: "1" }',
    'paths:',
    '  /orders:',
    '    get:',
    '      responses: { "200": { description: ok } }',
    '    post:',
    `      responses: { "201": { description: created${extra} } }`,
    '  /orders/{id}:',
    '    get:',
    '      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
    '      responses: { "200": { description: ok } }',
    '',
  ].join('\n');

const line = (route: { method: string; path: string; framework: string }) => `${route.method} ${route.path} ${route.framework}`;

describe('routes declared in code and described in an OpenAPI document', () => {
  it('are listed once, as the code declares them; documented operations the code does not serve stay listed', async () => {
    const map = await buildRouteMap(new MemoryTree('head', { 'package.json': PACKAGE, 'src/app.ts': APP, 'openapi.yaml': spec() }));
    // The map keeps both: the documentation rule compares them.
    expect(map.routes.map(line)).toEqual(['GET /orders openapi', 'GET /orders express', 'POST /orders openapi', 'POST /orders express', 'GET /orders/{id} openapi']);
    expect(listedRoutes(map.routes).map(line)).toEqual(['GET /orders express', 'POST /orders express', 'GET /orders/{id} openapi']);
  });

  it('in a review, a document edited alone stays listed beside its unchanged code route', async () => {
    const base = await buildRouteMap(new MemoryTree('base', { 'package.json': PACKAGE, 'src/app.ts': APP, 'openapi.yaml': spec() }));
    const head = await buildRouteMap(new MemoryTree('head', { 'package.json': PACKAGE, 'src/app.ts': APP, 'openapi.yaml': spec(', headers: { Location: { schema: { type: string } } }') }));
    const listed = listedRouteChanges(diffRoutes(base.routes, head.routes)).map((change) => `${change.kind} ${line(change.route)}`);
    expect(listed).toEqual(['unchanged GET /orders express', 'modified POST /orders openapi', 'unchanged POST /orders express', 'unchanged GET /orders/{id} openapi']);
  });
});
