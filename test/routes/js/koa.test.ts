import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { fixtureTree, h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('koa');

describe('koa routes', () => {
  it('reads @koa/router and koa-router across modules: router prefixes, nested use(), named routes, chains', async () => {
    const GLOBAL = ['errors()', 'helmet()', 'bodyParser()'];
    expect(await routesOf(fixtureTree('koa/realworld'))).toEqual([
      route('GET', '/api/v1/articles', 'src/routes/api/articles.js', 9, { middleware: [...GLOBAL, 'auth.optional'], handler: h('src/controllers/articles.js', 3, 5, 'articles.list') }),
      route('POST', '/api/v1/articles', 'src/routes/api/articles.js', 10, { middleware: [...GLOBAL, 'auth.optional', 'auth.required'], handler: h('src/controllers/articles.js', 7, 9, 'articles.create') }),
      route('PUT', '/api/v1/articles/{slug}', 'src/routes/api/articles.js', 12, { middleware: [...GLOBAL, 'auth.optional', 'auth.required'], handler: h('src/controllers/articles.js', 11, 13, 'articles.update') }),
      route('GET', '/api/v1/users', 'src/routes/api/users.js', 7, { middleware: [...GLOBAL, 'auth.optional'], handler: h('src/controllers/users.js', 4, 6, 'ctrl.list') }),
      route('POST', '/api/v1/users', 'src/routes/api/users.js', 9, { middleware: [...GLOBAL, 'auth.optional', 'auth.required'], handler: h('src/controllers/users.js', 10, 13, 'ctrl.create') }),
      route('DELETE', '/api/v1/users/{id}', 'src/routes/api/users.js', 10, { middleware: [...GLOBAL, 'auth.optional', 'auth.required'], handler: h('src/controllers/users.js', 14, 17, 'ctrl.remove') }),
      route('GET', '/api/v1/users/{id}', 'src/routes/api/users.js', 8, { middleware: [...GLOBAL, 'auth.optional'], handler: h('src/controllers/users.js', 7, 9, 'ctrl.show') }),
      route('GET', '/health', 'src/routes/index.js', 6, { middleware: GLOBAL, handler: h('src/routes/index.js', 6, 8) }),
    ]);
  });

  it('reads ESM routers mounted with koa-mount and a router prefix set by prefix()', async () => {
    const tree = new MemoryTree('head', {
      'src/index.ts': [
        "import Koa from 'koa';",
        "import mount from 'koa-mount';",
        "import { v2 } from './v2';",
        'const app = new Koa();',
        "app.use(mount('/api', v2.routes()));",
        'app.listen(3000);',
      ].join('\n'),
      'src/v2.ts': [
        "import Router from '@koa/router';",
        "import { requireUser } from './auth';",
        'export const v2 = new Router();',
        "v2.prefix('/v2');",
        "v2.get('/me', requireUser, async (ctx) => { ctx.body = ctx.state.user; });",
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/api/v2/me', 'src/v2.ts', 5, { middleware: ['requireUser'], handler: h('src/v2.ts', 5, 5) }),
    ]);
  });
});
