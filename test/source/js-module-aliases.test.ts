import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { aliasCandidates, readJsModuleAliases } from '../../src/core/source/js-module-aliases.js';
import { buildRouteMap } from '../../src/core/routes/build-route-map.js';
import { chainLines, serviceChangesOf } from '../services/support/service-fixtures.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** A monorepo: a root tsconfig base, an API whose tsconfig extends it, and a shared workspace package. */
const MONOREPO = {
  'package.json': '{ "name": "shop", "private": true, "workspaces": ["apps/*", "packages/*"] }\n',
  'tsconfig.base.json': lines(
    '{',
    '  // shared by every app',
    '  "compilerOptions": {',
    '    "strict": true,',
    '    "baseUrl": ".",',
    '    "paths": { "@shop/config": ["packages/config/src/index.ts"], },',
    '  },',
    '}',
  ),
  'apps/api/package.json': '{ "name": "@shop/api" }\n',
  'apps/api/tsconfig.json': lines(
    '{',
    '  "extends": "../../tsconfig.base.json",',
    '  "compilerOptions": {',
    '    "baseUrl": "./src",',
    '    "paths": {',
    '      "@http/*": ["http/routes/*", "http/legacy/*"],',
    '      "@http/admin/*": ["admin/*"],',
    '      "~lib": ["lib/index.ts"]',
    '    }',
    '  }',
    '}',
  ),
  'apps/api/tsconfig.build.json': '{ "extends": "./tsconfig.json", "exclude": ["**/*.test.ts"] }\n',
  'packages/shared/package.json': '{ "name": "@shop/shared", "main": "dist/index.js", "types": "dist/index.d.ts" }\n',
};

describe('JS module aliases a repository declares', () => {
  it('reads tsconfig paths (comments, trailing commas, relative extends) and workspace packages; base configs count only through extends', async () => {
    const aliases = await readJsModuleAliases(new MemoryTree('head', MONOREPO));
    expect(aliases.configs).toEqual([
      {
        dir: 'apps/api',
        baseUrl: 'apps/api/src',
        paths: [
          { pattern: '@http/*', targets: ['apps/api/src/http/routes/*', 'apps/api/src/http/legacy/*'] },
          { pattern: '@http/admin/*', targets: ['apps/api/src/admin/*'] },
          { pattern: '~lib', targets: ['apps/api/src/lib/index.ts'] },
        ],
      },
    ]);
    expect(aliases.packages).toEqual([
      { name: 'shop', root: '' },
      { name: '@shop/api', root: 'apps/api' },
      { name: '@shop/shared', root: 'packages/shared', entry: 'packages/shared/dist/index' },
    ]);
  });

  it.each([
    ['the longest matching pattern wins', 'apps/api/src/main.ts', '@http/admin/users', ['apps/api/src/admin/users', 'apps/api/src/@http/admin/users']],
    ['every target of a pattern, in order', 'apps/api/src/main.ts', '@http/users', ['apps/api/src/http/routes/users', 'apps/api/src/http/legacy/users', 'apps/api/src/@http/users']],
    ['an exact pattern', 'apps/api/src/main.ts', '~lib', ['apps/api/src/lib/index', 'apps/api/src/~lib']],
    ['baseUrl for a bare name', 'apps/api/src/http/app.ts', 'services/orders', ['apps/api/src/services/orders']],
    ['a workspace package by name', 'apps/api/src/main.ts', '@shop/shared', ['apps/api/src/@shop/shared', 'packages/shared/dist/index', 'packages/shared/src/index', 'packages/shared/index']],
    ['a deep import of a workspace package', 'apps/api/src/main.ts', '@shop/shared/money', ['apps/api/src/@shop/shared/money', 'packages/shared/money', 'packages/shared/src/money']],
    ['nothing outside every config (a base config is no project of its own)', 'scripts/seed.ts', '@shop/config', []],
    ['nothing for a third-party package outside any config', 'scripts/seed.ts', 'express', []],
  ])('%s', async (_name, from, spec, expected) => {
    const aliases = await readJsModuleAliases(new MemoryTree('head', MONOREPO));
    expect(aliasCandidates(aliases, from, spec)).toEqual(expected);
  });

  it('a broken config is ignored, not fatal', async () => {
    const aliases = await readJsModuleAliases(new MemoryTree('head', { 'tsconfig.json': '{ "compilerOptions": { "paths": ', 'package.json': 'not json' }));
    expect(aliases).toEqual({ configs: [], packages: [] });
  });

  it('routes mounted through a tsconfig alias the folder layout does not reveal get their full path', async () => {
    const tree = new MemoryTree('head', {
      'package.json': '{ "name": "api", "dependencies": { "express": "^4" } }\n',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@routes/*": ["src/http/controllers/*"] } } }\n',
      'src/app.ts': lines("import express from 'express';", "import { ordersRouter } from '@routes/orders';", 'const app = express();', "app.use('/api/v2/orders', ordersRouter);", 'app.listen(3000);'),
      'src/http/controllers/orders.ts': lines("import { Router } from 'express';", 'export const ordersRouter = Router();', "ordersRouter.get('/:id', (req, res) => res.json({ id: req.params.id }));"),
    });
    const { routes } = await buildRouteMap(tree);
    expect(routes.map((route) => `${route.method} ${route.path} ${route.file}:${route.line}${route.partial ? ' partial' : ''}`)).toEqual(['GET /api/v2/orders/{id} src/http/controllers/orders.ts:3']);
  });

  it('call chains follow imports through tsconfig aliases and workspace packages', async () => {
    const base = {
      'package.json': '{ "name": "shop", "private": true, "workspaces": ["api", "libs/*"] }\n',
      'api/package.json': '{ "name": "api", "dependencies": { "express": "^4", "@shop/payments-client": "*" } }\n',
      'api/tsconfig.json': '{ "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["*"] } } }\n',
      'api/src/server.ts': lines("import express from 'express';", "import { createOrder } from '@/orders/orders-service';", 'const app = express();', "app.post('/orders', async (req, res) => res.status(201).json(await createOrder(req.body)));", 'app.listen(3000);'),
      'api/src/orders/orders-service.ts': lines("import { charge } from '@shop/payments-client';", 'export async function createOrder(input: { amount: number }) {', '  return input;', '}'),
      'libs/payments-client/package.json': '{ "name": "@shop/payments-client", "main": "dist/index.js" }\n',
      'libs/payments-client/src/index.ts': lines('export async function charge(amount: number) {', "  return fetch(process.env.PAYMENTS_URL + '/charges', { method: 'POST', body: String(amount), signal: AbortSignal.timeout(2000) });", '}'),
    };
    const head = { ...base, 'api/src/orders/orders-service.ts': base['api/src/orders/orders-service.ts'].replace('  return input;', '  await charge(input.amount);\n  return input;') };
    const { changes } = await serviceChangesOf(new MemoryTree('base', base), new MemoryTree('head', head));
    expect(changes.chains.map((chain) => [chain.route, chain.change, chainLines(chain.chain)])).toEqual([
      ['POST /orders', 'affected', ['(anonymous:4) [route-handler]', '  createOrder [business-service]', '    charge [outbound-client] {http env:PAYMENTS_URL}']],
    ]);
  });
});
