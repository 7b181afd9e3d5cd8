import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { fixtureTree, h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('fastify');

describe('fastify routes', () => {
  it('reads a fastify-cli app: @fastify/autoload folders as prefixes, autoPrefix, hooks and route options as middleware', async () => {
    expect(await routesOf(fixtureTree('fastify/cli-autoload'))).toEqual([
      route('GET', '/', 'routes/root.js', 4, { handler: h('routes/root.js', 4, 6) }),
      route('GET', '/example', 'routes/example/index.js', 4, { handler: h('routes/example/index.js', 4, 6) }),
      route('GET', '/internal/stats', 'routes/admin/stats.js', 4, { handler: h('routes/admin/stats.js', 4, 4) }),
      route('GET', '/users', 'routes/users/index.js', 8, { middleware: ['fastify.authenticate'], handler: h('routes/users/handlers.js', 3, 5, 'listUsers') }),
      route('POST', '/users', 'routes/users/index.js', 9, { middleware: ['fastify.authenticate', 'fastify.rateLimit({ max: 10 })'], handler: h('routes/users/handlers.js', 7, 10, 'createUser') }),
      route('GET', '/users/_id', 'routes/users/_id/index.js', 4, { middleware: ['fastify.authenticate'], handler: h('routes/users/_id/index.js', 8, 10) }),
      route('HEAD', '/users/_id', 'routes/users/_id/index.js', 4, { middleware: ['fastify.authenticate'], handler: h('routes/users/_id/index.js', 8, 10) }),
    ]);
  });

  it('reads plugins registered with prefixes across modules, fastify.route(), inline plugins with hooks, and a prefix with a code fallback', async () => {
    expect(await routesOf(fixtureTree('fastify/prisma-api'))).toEqual([
      route('DELETE', '/account/me', 'src/server.ts', 53, { middleware: ['server.authenticate'], handler: h('src/server.ts', 53, 53) }),
      route('GET', '/account/me', 'src/server.ts', 52, { middleware: ['server.authenticate'], handler: h('src/server.ts', 52, 52) }),
      route('GET', '/api/v1/products', 'src/modules/product/product.route.ts', 18, { handler: h('src/modules/product/product.controller.ts', 7, 9, 'getProductsHandler'), notes: ['prefix from API_VERSION, not set in the repository: default \'v1\' from the code'] }),
      route('POST', '/api/v1/products', 'src/modules/product/product.route.ts', 6, { middleware: ['server.authenticate'], handler: h('src/modules/product/product.controller.ts', 3, 5, 'createProductHandler'), notes: ['prefix from API_VERSION, not set in the repository: default \'v1\' from the code'] }),
      route('GET', '/api/v1/products/{productId}', 'src/modules/product/product.route.ts', 28, { handler: h('src/modules/product/product.controller.ts', 7, 9, 'getProductsHandler'), notes: ['prefix from API_VERSION, not set in the repository: default \'v1\' from the code'] }),
      route('GET', '/api/v1/users', 'src/modules/user/user.route.ts', 28, { middleware: ['server.authenticate'], handler: h('src/modules/user/user.controller.ts', 13, 16, 'getUsersHandler'), notes: ['prefix from API_VERSION, not set in the repository: default \'v1\' from the code'] }),
      route('POST', '/api/v1/users', 'src/modules/user/user.route.ts', 6, { handler: h('src/modules/user/user.controller.ts', 4, 7, 'registerUserHandler'), notes: ['prefix from API_VERSION, not set in the repository: default \'v1\' from the code'] }),
      route('POST', '/api/v1/users/login', 'src/modules/user/user.route.ts', 17, { handler: h('src/modules/user/user.controller.ts', 9, 11, 'loginHandler'), notes: ['prefix from API_VERSION, not set in the repository: default \'v1\' from the code'] }),
      route('GET', '/healthcheck', 'src/server.ts', 29, { handler: h('src/server.ts', 29, 31) }),
      route('GET', '/ready', 'src/server.ts', 33, { handler: h('src/server.ts', 36, 36) }),
    ]);
  });

  it('reads the fastify demo layout: fastify-plugin around the app, autoload with cascading autohooks as middleware', async () => {
    expect(await routesOf(fixtureTree('fastify/demo-autohooks'))).toEqual([
      route('GET', '/', 'src/routes/home.ts', 4, { handler: h('src/routes/home.ts', 4, 6) }),
      route('POST', '/api/auth/login', 'src/routes/api/auth/index.ts', 5, { middleware: ['<onRequest hook>'], handler: h('src/routes/api/auth/index.ts', 5, 8) }),
      route('GET', '/api/tasks', 'src/routes/api/tasks/index.ts', 7, { middleware: ['<onRequest hook>'], handler: h('src/routes/api/tasks/index.ts', 10, 12) }),
      route('POST', '/api/tasks', 'src/routes/api/tasks/index.ts', 21, { middleware: ['<onRequest hook>', '<preHandler hook>'], handler: h('src/routes/api/tasks/index.ts', 24, 27) }),
      route('DELETE', '/api/tasks/{id}', 'src/routes/api/tasks/index.ts', 30, { middleware: ['<onRequest hook>', 'fastify.isAdmin'], handler: h('src/routes/api/tasks/index.ts', 30, 33) }),
      route('GET', '/api/tasks/{id}', 'src/routes/api/tasks/index.ts', 15, { middleware: ['<onRequest hook>'], handler: h('src/routes/api/tasks/index.ts', 15, 19) }),
    ]);
  });

  it('nests registers across ESM and CommonJS modules, unwraps fastify-plugin, and reads method arrays and option-only routes', async () => {
    const tree = new MemoryTree('head', {
      'src/index.ts': [
        "import Fastify from 'fastify';",
        "import v1 from './routes/v1/index.js';",
        'const app = Fastify();',
        "app.register(v1, { prefix: '/v1' });",
        "app.register(import('./health.js'));",
        'await app.listen({ port: 8080 });',
      ].join('\n'),
      'src/health.ts': [
        "import type { FastifyPluginAsync } from 'fastify';",
        'const health: FastifyPluginAsync = async (server) => {',
        "  server.route({ method: ['GET', 'HEAD'], url: '/health', handler: async () => ({ ok: true }) });",
        '};',
        'export default health;',
      ].join('\n'),
      'src/routes/v1/index.ts': [
        "import type { FastifyInstance } from 'fastify';",
        "import fp from 'fastify-plugin';",
        "const users = require('./users');",
        "import status from './status';",
        'export default async function v1(fastify: FastifyInstance) {',
        "  fastify.register(users, { prefix: '/users' });",
        '  // fastify-plugin skips encapsulation: the prefix does not apply.',
        "  fastify.register(fp(status), { prefix: '/ignored' });",
        '  fastify.register(async (scoped) => {',
        "    scoped.addHook('onRequest', scoped.basicAuth);",
        "    scoped.get('/metrics', { handler: metrics });",
        "  }, { prefix: '/internal' });",
        '}',
        'async function metrics() { return {}; }',
      ].join('\n'),
      'src/routes/v1/status.ts': [
        "import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';",
        'export default async function (app) {',
        "  app.withTypeProvider<TypeBoxTypeProvider>().get('/status', async () => 'up');",
        '}',
      ].join('\n'),
      'src/routes/v1/users.js': [
        "const schemas = require('./schemas');",
        'module.exports = async function (fastify, opts) {',
        "  fastify.get('/:id', { schema: schemas.getUser, preValidation: fastify.authenticate }, async (request, reply) => {",
        '    return { id: request.params.id };',
        '  });',
        '};',
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/health', 'src/health.ts', 3, { handler: h('src/health.ts', 3, 3) }),
      route('HEAD', '/health', 'src/health.ts', 3, { handler: h('src/health.ts', 3, 3) }),
      route('GET', '/v1/internal/metrics', 'src/routes/v1/index.ts', 11, { middleware: ['scoped.basicAuth'], handler: h('src/routes/v1/index.ts', 14, 14, 'metrics') }),
      route('GET', '/v1/status', 'src/routes/v1/status.ts', 3, { handler: h('src/routes/v1/status.ts', 3, 3) }),
      route('GET', '/v1/users/{id}', 'src/routes/v1/users.js', 3, { middleware: ['fastify.authenticate'], handler: h('src/routes/v1/users.js', 3, 5) }),
    ]);
  });
});
