import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { fixtureTree, h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('express');

describe('express routes', () => {
  it('reads a CommonJS RealWorld app: routers required and mounted three levels deep, app-level middleware first', async () => {
    const GLOBAL = [
      'cors()',
      "require('morgan')('dev')",
      'bodyParser.urlencoded({ extended: false })',
      'bodyParser.json()',
      "require('method-override')()",
      "express.static(__dirname + '/public')",
      "session({ secret: 'conduit', cookie: { maxAge: 60000 }, resave: false, saveUninitialized: false })",
      'errorhandler()',
    ];
    expect(await routesOf(fixtureTree('express/realworld'))).toEqual([
      route('GET', '/api/articles', 'routes/api/articles.js', 6, { middleware: [...GLOBAL, 'auth.optional'], handler: h('routes/api/articles.js', 6, 15) }),
      route('POST', '/api/articles', 'routes/api/articles.js', 21, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/articles.js', 21, 26) }),
      route('DELETE', '/api/articles/{article}', 'routes/api/articles.js', 36, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/articles.js', 36, 40) }),
      route('GET', '/api/articles/{article}', 'routes/api/articles.js', 28, { middleware: [...GLOBAL, 'auth.optional'], handler: h('routes/api/articles.js', 28, 30) }),
      route('PUT', '/api/articles/{article}', 'routes/api/articles.js', 32, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/articles.js', 32, 34) }),
      route('GET', '/api/articles/{article}/comments', 'routes/api/articles.js', 45, { middleware: [...GLOBAL, 'auth.optional'], handler: h('routes/api/articles.js', 45, 47) }),
      route('POST', '/api/articles/{article}/comments', 'routes/api/articles.js', 49, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/articles.js', 49, 51) }),
      route('DELETE', '/api/articles/{article}/comments/{comment}', 'routes/api/articles.js', 53, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/articles.js', 53, 55) }),
      route('DELETE', '/api/articles/{article}/favorite', 'routes/api/articles.js', 43, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/articles.js', 61, 63, 'unfavorite') }),
      route('POST', '/api/articles/{article}/favorite', 'routes/api/articles.js', 42, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/articles.js', 57, 59, 'favorite') }),
      route('GET', '/api/articles/feed', 'routes/api/articles.js', 17, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/articles.js', 17, 19) }),
      route('GET', '/api/profiles/{username}', 'routes/api/profiles.js', 15, { middleware: [...GLOBAL, 'auth.optional'], handler: h('routes/api/profiles.js', 15, 17) }),
      route('DELETE', '/api/profiles/{username}/follow', 'routes/api/profiles.js', 24, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/profiles.js', 24, 27) }),
      route('POST', '/api/profiles/{username}/follow', 'routes/api/profiles.js', 19, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/profiles.js', 19, 22) }),
      route('GET', '/api/tags', 'routes/api/tags.js', 6, { middleware: GLOBAL, handler: h('routes/api/tags.js', 6, 10) }),
      route('GET', '/api/user', 'routes/api/users.js', 7, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/users.js', 7, 12) }),
      route('PUT', '/api/user', 'routes/api/users.js', 14, { middleware: [...GLOBAL, 'auth.required'], handler: h('routes/api/users.js', 14, 24) }),
      route('POST', '/api/users', 'routes/api/users.js', 36, { middleware: GLOBAL, handler: h('routes/api/users.js', 36, 44) }),
      route('POST', '/api/users/login', 'routes/api/users.js', 26, { middleware: GLOBAL, handler: h('routes/api/users.js', 26, 34) }),
    ]);
  });

  it('reads a TypeScript boilerplate: routes mounted from a config array, route() chains, wrapped controllers in other modules', async () => {
    const GLOBAL = ['helmet()', 'express.json()', 'compression()', 'cors()'];
    expect(await routesOf(fixtureTree('express/boilerplate-ts'))).toEqual([
      route('OPTIONS', '/*', 'src/app.ts', 26, { middleware: GLOBAL, handler: h('src/app.ts', 26, 26, 'cors()') }),
      route('POST', '/v1/auth/login', 'src/routes/v1/auth.route.ts', 10, { middleware: [...GLOBAL, 'authLimiter', 'validate(authValidation.login)'], handler: h('src/controllers/auth.controller.ts', 11, 15, 'authController.login') }),
      route('POST', '/v1/auth/logout', 'src/routes/v1/auth.route.ts', 11, { middleware: [...GLOBAL, 'authLimiter', 'validate(authValidation.logout)'], handler: h('src/controllers/auth.controller.ts', 17, 20, 'authController.logout') }),
      route('POST', '/v1/auth/refresh-tokens', 'src/routes/v1/auth.route.ts', 12, { middleware: [...GLOBAL, 'authLimiter', 'validate(authValidation.refreshTokens)'], handler: h('src/controllers/auth.controller.ts', 22, 25, 'authController.refreshTokens') }),
      route('POST', '/v1/auth/register', 'src/routes/v1/auth.route.ts', 9, { middleware: [...GLOBAL, 'authLimiter', 'validate(authValidation.register)'], handler: h('src/controllers/auth.controller.ts', 5, 9, 'authController.register') }),
      route('POST', '/v1/auth/send-verification-email', 'src/routes/v1/auth.route.ts', 13, { middleware: [...GLOBAL, 'authLimiter', 'auth()'], handler: h('src/controllers/auth.controller.ts', 27, 31, 'authController.sendVerificationEmail') }),
      route('GET', '/v1/docs', 'src/routes/v1/docs.route.ts', 14, { middleware: [...GLOBAL, 'swaggerUi.serve'], handler: h('src/routes/v1/docs.route.ts', 16, 18, 'swaggerUi.setup(specs, { explorer: true, })') }),
      route('GET', '/v1/users', 'src/routes/v1/user.route.ts', 12, { middleware: [...GLOBAL, 'auth(\'getUsers\')', 'validate(userValidation.getUsers)'], handler: h('src/controllers/user.controller.ts', 12, 17, 'userController.getUsers') }),
      route('POST', '/v1/users', 'src/routes/v1/user.route.ts', 11, { middleware: [...GLOBAL, 'auth(\'manageUsers\')', 'validate(userValidation.createUser)'], handler: h('src/controllers/user.controller.ts', 7, 10, 'userController.createUser') }),
      route('DELETE', '/v1/users/{userId}', 'src/routes/v1/user.route.ts', 18, { middleware: [...GLOBAL, 'auth(\'manageUsers\')', 'validate(userValidation.deleteUser)'], handler: h('src/controllers/user.controller.ts', 32, 35, 'userController.deleteUser') }),
      route('GET', '/v1/users/{userId}', 'src/routes/v1/user.route.ts', 16, { middleware: [...GLOBAL, 'auth(\'getUsers\')', 'validate(userValidation.getUser)'], handler: h('src/controllers/user.controller.ts', 19, 25, 'userController.getUser') }),
      route('PATCH', '/v1/users/{userId}', 'src/routes/v1/user.route.ts', 17, { middleware: [...GLOBAL, 'auth(\'manageUsers\')', 'validate(userValidation.updateUser)'], handler: h('src/controllers/user.controller.ts', 27, 30, 'userController.updateUser') }),
    ]);
  });

  it('follows the app through loaders that receive it destructured, and a prefix from config with its .env.example default', async () => {
    const GLOBAL = ['cors()', "require('method-override')()", 'express.json()'];
    expect(await routesOf(fixtureTree('express/bulletproof'))).toEqual([
      route('POST', '/api/v2/auth/logout', 'src/api/routes/auth.ts', 44, { middleware: [...GLOBAL, 'middlewares.isAuth'], handler: h('src/api/routes/auth.ts', 44, 46), notes: ['prefix from API_PREFIX, default from .env.example'] }),
      route('POST', '/api/v2/auth/signin', 'src/api/routes/auth.ts', 28, { middleware: [...GLOBAL, 'celebrate({ body: Joi.object({ email: Joi.string().required(), password: Joi.string().required(), }), })'], handler: h('src/api/routes/auth.ts', 36, 41), notes: ['prefix from API_PREFIX, default from .env.example'] }),
      route('POST', '/api/v2/auth/signup', 'src/api/routes/auth.ts', 12, { middleware: [...GLOBAL, 'celebrate({ body: Joi.object({ name: Joi.string().required(), email: Joi.string().required(), password: Joi.string().required(), }), })'], handler: h('src/api/routes/auth.ts', 21, 25), notes: ['prefix from API_PREFIX, default from .env.example'] }),
      route('GET', '/api/v2/users/me', 'src/api/routes/user.ts', 8, { middleware: [...GLOBAL, 'middlewares.isAuth', 'middlewares.attachCurrentUser'], handler: h('src/api/routes/user.ts', 8, 10), notes: ['prefix from API_PREFIX, default from .env.example'] }),
      route('GET', '/status', 'src/loaders/express.ts', 11, { handler: h('src/loaders/express.ts', 11, 13) }),
      route('HEAD', '/status', 'src/loaders/express.ts', 14, { handler: h('src/loaders/express.ts', 14, 16) }),
    ]);
  });

  it('reads class-based routers (this.router, this.path) and marks them partial when the mount cannot be followed', async () => {
    expect(await routesOf(fixtureTree('express/class-routes'))).toEqual([
      route('POST', '/logout', 'src/routes/auth.route.ts', 17, { middleware: ['authMiddleware'], handler: h('src/controllers/auth.controller.ts', 11, 14, 'this.authController.logOut'), partial: true, notes: ['router is not mounted anywhere the analysis could follow: its prefix is unknown'] }),
      route('POST', '/signup', 'src/routes/auth.route.ts', 16, { handler: h('src/controllers/auth.controller.ts', 7, 9, 'this.authController.signUp'), partial: true, notes: ['router is not mounted anywhere the analysis could follow: its prefix is unknown'] }),
      route('GET', '/users', 'src/routes/users.route.ts', 17, { handler: h('src/controllers/users.controller.ts', 7, 14, 'this.usersController.getUsers'), partial: true, notes: ['router is not mounted anywhere the analysis could follow: its prefix is unknown'] }),
      route('POST', '/users', 'src/routes/users.route.ts', 19, { middleware: ['validationMiddleware(CreateUserDto, \'body\')'], handler: h('src/controllers/users.controller.ts', 21, 23, 'this.usersController.createUser'), partial: true, notes: ['router is not mounted anywhere the analysis could follow: its prefix is unknown'] }),
      route('DELETE', '/users/{id}', 'src/routes/users.route.ts', 21, { handler: h('src/controllers/users.controller.ts', 29, 31, 'this.usersController.deleteUser'), partial: true, notes: ['router is not mounted anywhere the analysis could follow: its prefix is unknown'] }),
      route('GET', '/users/{id}', 'src/routes/users.route.ts', 18, { handler: h('src/controllers/users.controller.ts', 16, 19, 'this.usersController.getUserById'), partial: true, notes: ['router is not mounted anywhere the analysis could follow: its prefix is unknown'] }),
      route('PUT', '/users/{id}', 'src/routes/users.route.ts', 20, { middleware: ['validationMiddleware(CreateUserDto, \'body\', true)'], handler: h('src/controllers/users.controller.ts', 25, 27, 'this.usersController.updateUser'), partial: true, notes: ['router is not mounted anywhere the analysis could follow: its prefix is unknown'] }),
    ]);
  });

  it('follows ESM default, named and re-exported routers through a barrel, mounted under two versions', async () => {
    const tree = new MemoryTree('head', {
      'src/server.ts': [
        "import express from 'express';",
        "import { v1, v2 } from './routes/index.js';",
        "import { rateLimiter } from './middleware/rate-limit';",
        '',
        'const app = express();',
        "app.use('/api/v1', rateLimiter, v1);",
        "app.use('/api/v2', [rateLimiter], v2);",
        'app.listen(3000);',
      ].join('\n'),
      'src/routes/index.ts': [
        "import { Router } from 'express';",
        "import { usersRouter, postsRouter } from './all';",
        '',
        'export const v1 = Router();',
        "v1.use('/users', usersRouter);",
        '',
        'export const v2 = Router();',
        "v2.use('/users', usersRouter);",
        "v2.use('/posts', postsRouter);",
      ].join('\n'),
      'src/routes/all.ts': ["export { default as usersRouter } from './users';", "export * from './posts';"].join('\n'),
      'src/routes/users.ts': [
        "import { Router } from 'express';",
        "import { authenticate, validate } from '../middleware/auth';",
        '',
        'const router = Router();',
        "router.get('/', list);",
        "router.post('/', [authenticate, validate('user')], async (req, res) => {",
        '  res.status(201).json(req.body);',
        '});',
        "router.all('/:id/avatar', authenticate, (req, res) => res.sendStatus(405));",
        '',
        'async function list(req, res) {',
        '  res.json([]);',
        '}',
        '',
        'export default router;',
      ].join('\n'),
      'src/routes/posts.ts': [
        "import express from 'express';",
        '',
        "const BASE = '/feed';",
        'export const postsRouter = express.Router();',
        'postsRouter.get(`${BASE}/latest`, (req, res) => res.json([]));',
        "postsRouter.get(['/archive', '/archive/:year'], (req, res) => res.json([]));",
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/api/v1/users', 'src/routes/users.ts', 5, { middleware: ['rateLimiter'], handler: h('src/routes/users.ts', 11, 13, 'list') }),
      route('POST', '/api/v1/users', 'src/routes/users.ts', 6, { middleware: ['rateLimiter', 'authenticate', "validate('user')"], handler: h('src/routes/users.ts', 6, 8) }),
      route('ANY', '/api/v1/users/{id}/avatar', 'src/routes/users.ts', 9, { middleware: ['rateLimiter', 'authenticate'], handler: h('src/routes/users.ts', 9, 9) }),
      route('GET', '/api/v2/posts/archive', 'src/routes/posts.ts', 6, { middleware: ['rateLimiter'], handler: h('src/routes/posts.ts', 6, 6) }),
      route('GET', '/api/v2/posts/archive/{year}', 'src/routes/posts.ts', 6, { middleware: ['rateLimiter'], handler: h('src/routes/posts.ts', 6, 6) }),
      route('GET', '/api/v2/posts/feed/latest', 'src/routes/posts.ts', 5, { middleware: ['rateLimiter'], handler: h('src/routes/posts.ts', 5, 5) }),
      route('GET', '/api/v2/users', 'src/routes/users.ts', 5, { middleware: ['rateLimiter'], handler: h('src/routes/users.ts', 11, 13, 'list') }),
      route('POST', '/api/v2/users', 'src/routes/users.ts', 6, { middleware: ['rateLimiter', 'authenticate', "validate('user')"], handler: h('src/routes/users.ts', 6, 8) }),
      route('ANY', '/api/v2/users/{id}/avatar', 'src/routes/users.ts', 9, { middleware: ['rateLimiter', 'authenticate'], handler: h('src/routes/users.ts', 9, 9) }),
    ]);
  });

  it('passes the app into route modules (module.exports = (app) => …) and router factories', async () => {
    const tree = new MemoryTree('head', {
      'server.js': [
        "const express = require('express');",
        "const { createOrdersRouter } = require('./orders');",
        'const app = express();',
        "app.use(require('helmet')());",
        "require('./routes')(app);",
        "app.use('/orders', createOrdersRouter({ db: null }));",
        'module.exports = app;',
      ].join('\n'),
      'routes/index.js': [
        "const health = require('./health');",
        'module.exports = function (app) {',
        "  app.use('/admin', requireAdmin);",
        '  health(app);',
        "  app.get('/admin/stats', stats);",
        '};',
        'function requireAdmin(req, res, next) { next(); }',
        'function stats(req, res) { res.json({}); }',
      ].join('\n'),
      'routes/health.js': ["module.exports = (app) => {", "  app.get('/healthz', (req, res) => res.send('ok'));", '};'].join('\n'),
      'orders.js': [
        "const { Router } = require('express');",
        'exports.createOrdersRouter = function createOrdersRouter(deps) {',
        '  const router = Router();',
        "  router.get('/:orderId', async (req, res) => res.json(await deps.db.find(req.params.orderId)));",
        '  router.use(audit);',
        "  router.delete('/:orderId', async (req, res) => res.sendStatus(204));",
        '  return router;',
        '};',
        'function audit(req, res, next) { next(); }',
      ].join('\n'),
      'lib/plugin.js': [
        '// Exported, receives something named app, but is called by nothing we see: a routes module of unknown mount.',
        'module.exports = function mount(router) {',
        "  router.get('/widgets', (req, res) => res.json([]));",
        '};',
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/admin/stats', 'routes/index.js', 5, { middleware: ["require('helmet')()", 'requireAdmin'], handler: h('routes/index.js', 8, 8, 'stats') }),
      route('GET', '/healthz', 'routes/health.js', 2, { middleware: ["require('helmet')()"], handler: h('routes/health.js', 2, 2) }),
      route('DELETE', '/orders/{orderId}', 'orders.js', 6, { middleware: ["require('helmet')()", 'audit'], handler: h('orders.js', 6, 6) }),
      route('GET', '/orders/{orderId}', 'orders.js', 4, { middleware: ["require('helmet')()"], handler: h('orders.js', 4, 4) }),
      route('GET', '/widgets', 'lib/plugin.js', 3, {
        handler: h('lib/plugin.js', 3, 3),
        partial: true,
        notes: ['routes module: nothing the analysis could follow passes in `router`, so its prefix is unknown'],
      }),
    ]);
  });

  it('follows an app that a start script imports and hands to a routes module', async () => {
    const tree = new MemoryTree('head', {
      'src/app.js': ["const express = require('express');", 'const app = express();', "app.use(require('cors')());", 'module.exports = app;'].join('\n'),
      'src/server.js': ["const app = require('./app');", "require('./routes')(app);", 'app.listen(process.env.PORT);'].join('\n'),
      'src/routes.js': ['module.exports = function routes(app) {', "  app.get('/version', (req, res) => res.json({ version: 1 }));", '};'].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/version', 'src/routes.js', 2, { middleware: ["require('cors')()"], handler: h('src/routes.js', 2, 2) }),
    ]);
  });

  it('resolves prefixes from configuration: .env.example default, fallback in code, and unknown (partial)', async () => {
    const files = {
      'src/config.js': ["module.exports = {", "  apiPrefix: process.env.API_PREFIX ?? '/api',", "  adminPrefix: process.env.ADMIN_PREFIX,", '};'].join('\n'),
      'src/app.js': [
        "const express = require('express');",
        "const config = require('./config');",
        "const settings = require('settings-store');",
        'const app = express();',
        "const api = express.Router();",
        "api.get('/ping', (req, res) => res.send('pong'));",
        'app.use(config.apiPrefix, api);',
        "const admin = express.Router();",
        "admin.get('/audit', (req, res) => res.json([]));",
        'app.use(config.adminPrefix, admin);',
        "const legacy = express.Router();",
        "legacy.get('/old', (req, res) => res.json([]));",
        "app.use(settings.get('legacyPrefix'), legacy);",
      ].join('\n'),
    };
    const legacy = route('GET', '/old', 'src/app.js', 12, {
      handler: h('src/app.js', 12, 12),
      partial: true,
      notes: ["`settings.get('legacyPrefix')` is computed at run time"],
    });
    expect(await routesOf(new MemoryTree('head', files))).toEqual([
      route('GET', '/api/ping', 'src/app.js', 6, {
        handler: h('src/app.js', 6, 6),
        notes: ["prefix from API_PREFIX, not set in the repository: default '/api' from the code"],
      }),
      route('GET', '/audit', 'src/app.js', 9, {
        handler: h('src/app.js', 9, 9),
        partial: true,
        notes: ['prefix from ADMIN_PREFIX, which has no default in the repository'],
      }),
      legacy,
    ]);
    expect(await routesOf(new MemoryTree('head', { ...files, '.env.example': 'API_PREFIX=/api/v3\nADMIN_PREFIX=/backoffice\n' }))).toEqual([
      route('GET', '/api/v3/ping', 'src/app.js', 6, { handler: h('src/app.js', 6, 6), notes: ['prefix from API_PREFIX, default from .env.example'] }),
      route('GET', '/backoffice/audit', 'src/app.js', 9, { handler: h('src/app.js', 9, 9), notes: ['prefix from ADMIN_PREFIX, default from .env.example'] }),
      legacy,
    ]);
  });
});
