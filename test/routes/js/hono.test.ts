import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { fixtureTree, h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('hono');

describe('hono routes', () => {
  it('reads a Workers API: basePath, sub-apps mounted with route(), chained RPC routes, on(), zod-openapi, pattern middleware', async () => {
    expect(await routesOf(fixtureTree('hono/workers-api'))).toEqual([
      route('GET', '/api/health', 'src/routes/health.ts', 5, { middleware: ['logger()'], handler: h('src/routes/health.ts', 5, 5) }),
      route('GET', '/api/v1/admin/stats', 'src/index.ts', 29, { middleware: ['logger()', 'cors()', '<anonymous>'], handler: h('src/index.ts', 29, 29) }),
      route('GET', '/api/v1/authors', 'src/routes/authors.ts', 6, { middleware: ['logger()', 'cors()'], handler: h('src/routes/authors.ts', 6, 6) }),
      route('POST', '/api/v1/authors', 'src/routes/authors.ts', 7, { middleware: ['logger()', 'cors()', 'zValidator(\'json\', z.object({ name: z.string() }))'], handler: h('src/routes/authors.ts', 7, 7) }),
      route('GET', '/api/v1/authors/{id}', 'src/routes/authors.ts', 8, { middleware: ['logger()', 'cors()'], handler: h('src/routes/authors.ts', 8, 8) }),
      // OpenAPIHono's doc() serves the generated document.
      route('GET', '/api/v1/doc', 'src/routes/users.openapi.ts', 22, { middleware: ['logger()', 'cors()'], handler: h('src/routes/users.openapi.ts', 22, 22) }),
      route('GET', '/api/v1/posts', 'src/routes/posts.ts', 13, { middleware: ['logger()', 'cors()'], handler: h('src/routes/posts.ts', 13, 16) }),
      route('POST', '/api/v1/posts', 'src/routes/posts.ts', 24, { middleware: ['logger()', 'cors()', 'zValidator(\'json\', postSchema)'], handler: h('src/routes/posts.ts', 24, 27) }),
      route('DELETE', '/api/v1/posts/{id}', 'src/routes/posts.ts', 33, { middleware: ['logger()', 'cors()'], handler: h('src/routes/posts.ts', 33, 33) }),
      route('GET', '/api/v1/posts/{id}', 'src/routes/posts.ts', 18, { middleware: ['logger()', 'cors()'], handler: h('src/routes/posts.ts', 18, 22) }),
      route('PATCH', '/api/v1/posts/{id}', 'src/routes/posts.ts', 29, { middleware: ['logger()', 'cors()', 'zValidator(\'json\', postSchema)'], handler: h('src/routes/posts.ts', 29, 31) }),
      route('PUT', '/api/v1/posts/{id}', 'src/routes/posts.ts', 29, { middleware: ['logger()', 'cors()', 'zValidator(\'json\', postSchema)'], handler: h('src/routes/posts.ts', 29, 31) }),
      route('GET', '/api/v1/users/{id}', 'src/routes/users.openapi.ts', 17, { middleware: ['logger()', 'cors()'], handler: h('src/routes/users.openapi.ts', 17, 20) }),
    ]);
  });

  it('applies middleware only to routes declared after it, reads all() and custom methods, and basePath on a sub-app', async () => {
    const tree = new MemoryTree('head', {
      'src/app.ts': [
        "import { Hono } from 'hono';",
        "import { bearerAuth } from 'hono/bearer-auth';",
        "import { admin } from './admin';",
        '',
        'const app = new Hono();',
        "app.get('/', (c) => c.text('home'));",
        "app.use('/private/*', bearerAuth({ token: 'secret' }));",
        "app.get('/private/data', (c) => c.json({}));",
        "app.on('PURGE', '/cache', (c) => c.body(null, 204));",
        "app.all('/proxy/*', (c) => fetch(c.req.raw));",
        "app.route('/', admin);",
        'export default app;',
      ].join('\n'),
      'src/admin.ts': [
        "import { Hono } from 'hono';",
        "export const admin = new Hono().basePath('/admin');",
        "admin.get('/users', (c) => c.json([]));",
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/', 'src/app.ts', 6, { handler: h('src/app.ts', 6, 6) }),
      route('GET', '/admin/users', 'src/admin.ts', 3, { handler: h('src/admin.ts', 3, 3) }),
      route('PURGE', '/cache', 'src/app.ts', 9, { handler: h('src/app.ts', 9, 9) }),
      route('GET', '/private/data', 'src/app.ts', 8, { middleware: ["bearerAuth({ token: 'secret' })"], handler: h('src/app.ts', 8, 8) }),
      route('ANY', '/proxy/*', 'src/app.ts', 10, { handler: h('src/app.ts', 10, 10) }),
    ]);
  });

  it('opens handler lists spread into a route: factory.createHandlers(middleware…, handler) and arrays', async () => {
    const tree = new MemoryTree('head', {
      'package.json': '{"name":"x","dependencies":{"hono":"^4.7.0"}}',
      'src/index.ts': [
        "import { Hono } from 'hono';",
        "import { createFactory } from 'hono/factory';",
        "import { authMiddleware } from './auth';",
        '',
        'const factory = createFactory();',
        '',
        'const postHandlers = factory.createHandlers(authMiddleware(true), async (c) => {',
        '  return c.json({ ok: true }, 201);',
        '});',
        'const guards = [authMiddleware(true), rateLimit()];',
        '',
        'const app = new Hono()',
        "  .post('/items', ...postHandlers)",
        "  .delete('/items/:id', ...guards, (c) => c.body(null, 204));",
        '',
        'export default app;',
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('POST', '/items', 'src/index.ts', 13, { middleware: ['authMiddleware(true)'], handler: h('src/index.ts', 7, 9) }),
      route('DELETE', '/items/{id}', 'src/index.ts', 14, { middleware: ['authMiddleware(true)', 'rateLimit()'], handler: h('src/index.ts', 14, 14) }),
    ]);
  });
});
