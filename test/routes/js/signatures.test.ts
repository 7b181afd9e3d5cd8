import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { diffRoutes } from '../../../src/core/routes/diff-routes.js';

const APP = [
  "import express from 'express';",
  "import * as users from './users.controller';",
  "import { requireAuth } from './auth';",
  'const app = express();',
  "app.get('/users', users.list);",
  "app.post('/users', requireAuth, users.create);",
  "app.get('/health', (req, res) => res.send('ok'));",
  'export default app;',
].join('\n');

const CONTROLLER = [
  'export async function list(req, res) {',
  '  res.json(await db.users.findMany());',
  '}',
  'export async function create(req, res) {',
  '  res.status(201).json(await db.users.create(req.body));',
  '}',
].join('\n');

async function changes(base: Record<string, string>, head: Record<string, string>) {
  const before = await buildRouteMap(new MemoryTree('base', base));
  const after = await buildRouteMap(new MemoryTree('head', head));
  return diffRoutes(before.routes, after.routes).map((change) => `${change.kind} ${change.route.method} ${change.route.path}`);
}

describe('route signatures', () => {
  it('mark a route modified when its handler body changes in another module, and only that route', async () => {
    const base = { 'src/app.ts': APP, 'src/users.controller.ts': CONTROLLER };
    const head = { ...base, 'src/users.controller.ts': CONTROLLER.replace('findMany()', 'findMany({ take: 50 })') };
    expect(await changes(base, head)).toEqual(['unchanged GET /health', 'modified GET /users', 'unchanged POST /users']);
  });

  it('mark a route modified when its middleware changes, and not when unrelated code moves', async () => {
    const base = { 'src/app.ts': APP, 'src/users.controller.ts': CONTROLLER };
    const head = {
      'src/app.ts': '// routes\n' + APP.replace("app.post('/users', requireAuth, users.create);", "app.post('/users', users.create);"),
      'src/users.controller.ts': '\n\n' + CONTROLLER,
    };
    expect(await changes(base, head)).toEqual(['unchanged GET /health', 'unchanged GET /users', 'modified POST /users']);
  });
});

describe('pairing routes of the same method and path', () => {
  it('pairs a second server\'s route with nothing at base, and leaves the unchanged one unchanged (two servers, one path)', async () => {
    const base = { 'src/app.ts': APP, 'src/users.controller.ts': CONTROLLER };
    const stub = ["import express from 'express';", 'const stub = express();', "stub.get('/users', (req, res) => res.json([]));", 'stub.listen(4000);'].join('\n');
    const head = { ...base, 'src/a-stub.ts': stub };
    const before = await buildRouteMap(new MemoryTree('base', base));
    const after = await buildRouteMap(new MemoryTree('head', head));
    const described = diffRoutes(before.routes, after.routes).map((change) => `${change.kind} ${change.route.method} ${change.route.path} ${change.route.file}`);
    expect(described).toEqual(['unchanged GET /health src/app.ts', 'added GET /users src/a-stub.ts', 'unchanged GET /users src/app.ts', 'unchanged POST /users src/app.ts']);
  });
});
