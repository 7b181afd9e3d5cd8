import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('routing-controllers');
const lines = (...text: string[]): string => text.join('\n');

describe('routing-controllers routes', () => {
  it('reads a boilerplate service: routePrefix from env config with its .env.example default, controllers and middlewares by glob, @Authorized and @UseBefore', async () => {
    // Shaped like w3tecch/express-typescript-boilerplate: an env module, an express loader, controllers in folders.
    const tree = new MemoryTree('head', {
      '.env.example': lines('APP_PORT=3000', 'APP_ROUTE_PREFIX=/api'),
      'package.json': '{ "name": "pets", "dependencies": { "routing-controllers": "^0.10.0", "express": "^4.18.0" } }',
      'src/env.ts': lines(
        'export const env = {',
        '  app: {',
        '    port: Number(process.env.APP_PORT),',
        '    routePrefix: process.env.APP_ROUTE_PREFIX,',
        '  },',
        '};',
      ),
      'src/loaders/expressLoader.ts': lines(
        "import express from 'express';",
        "import { useExpressServer } from 'routing-controllers';",
        "import { env } from '../env';",
        "import { authorizationChecker } from '../auth/authorizationChecker';",
        '',
        'export function expressLoader() {',
        '  const app = express();',
        '  useExpressServer(app, {',
        '    cors: true,',
        '    classTransformer: true,',
        '    routePrefix: env.app.routePrefix,',
        "    controllers: [__dirname + '/../api/controllers/**/*Controller{.ts,.js}'],",
        "    middlewares: [__dirname + '/../api/middlewares/*{.ts,.js}'],",
        '    authorizationChecker,',
        '  });',
        '  return app.listen(env.app.port);',
        '}',
      ),
      'src/auth/authorizationChecker.ts': lines(
        "import { Action } from 'routing-controllers';",
        'export async function authorizationChecker(action: Action, roles: string[]): Promise<boolean> {',
        "  return Boolean(action.request.headers['authorization']);",
        '}',
      ),
      'src/api/middlewares/LogMiddleware.ts': lines(
        "import { ExpressMiddlewareInterface, Middleware } from 'routing-controllers';",
        '',
        "@Middleware({ type: 'before' })",
        'export class LogMiddleware implements ExpressMiddlewareInterface {',
        '  public use(req: any, res: any, next: () => void): void {',
        '    next();',
        '  }',
        '}',
      ),
      'src/api/middlewares/ErrorHandlerMiddleware.ts': lines(
        "import { ExpressErrorMiddlewareInterface, Middleware } from 'routing-controllers';",
        '',
        "@Middleware({ type: 'after' })",
        'export class ErrorHandlerMiddleware implements ExpressErrorMiddlewareInterface {',
        '  public error(error: Error, req: any, res: any, next: () => void): void {}',
        '}',
      ),
      'src/api/controllers/UserController.ts': lines(
        "import { Authorized, Body, Delete, Get, JsonController, OnUndefined, Param, Post, Put } from 'routing-controllers';",
        "import { Service } from 'typedi';",
        "import { UserService } from '../services/UserService';",
        '',
        '@Service()',
        '@Authorized()',
        "@JsonController('/users')",
        'export class UserController {',
        '  constructor(private userService: UserService) {}',
        '',
        '  @Get()',
        '  public find() {',
        '    return this.userService.find();',
        '  }',
        '',
        "  @Get('/me')",
        '  public findMe() {}',
        '',
        "  @Get('/:id')",
        '  @OnUndefined(404)',
        "  public one(@Param('id') id: string) {",
        '    return this.userService.findOne(id);',
        '  }',
        '',
        '  @Post()',
        "  @Authorized('admin')",
        '  public create(@Body() user: unknown) {}',
        '',
        "  @Put('/:id')",
        "  public update(@Param('id') id: string, @Body() user: unknown) {}",
        '',
        "  @Delete('/:id')",
        "  public delete(@Param('id') id: string) {}",
        '}',
      ),
      'src/api/controllers/pets/PetController.ts': lines(
        "import { Get, JsonController, Param, Patch, UseBefore } from 'routing-controllers';",
        "import { rateLimiter } from '../../middlewares/rateLimiter';",
        "import { cacheFor } from '../../middlewares/cache';",
        '',
        "@JsonController('/pets')",
        '@UseBefore(rateLimiter)',
        'export class PetController {',
        "  @Get('')",
        '  public find() {}',
        '',
        "  @Get('/:id')",
        '  @UseBefore(cacheFor(60))',
        "  public one(@Param('id') id: string) {}",
        '',
        "  @Patch('/:id/owner/:ownerId')",
        '  public changeOwner() {}',
        '}',
      ),
      'src/api/controllers/responses/UserResponse.ts': lines('export class UserResponse {', '  id!: string;', '}'),
      'src/api/services/UserService.ts': lines(
        "import { Service } from 'typedi';",
        '@Service()',
        'export class UserService {',
        '  find() { return []; }',
        '  findOne(id: string) { return id; }',
        '}',
      ),
    });
    const users = 'src/api/controllers/UserController.ts';
    const pets = 'src/api/controllers/pets/PetController.ts';
    const notes = ['prefix from APP_ROUTE_PREFIX, default from .env.example'];
    const user = (method: string, path: string, line: number, name: string, start: number, end: number, auth = '@Authorized()') =>
      route(method, path, users, line, { middleware: ['LogMiddleware', auth], handler: h(users, start, end, `UserController.${name}`), notes });
    const pet = (method: string, path: string, line: number, name: string, start: number, end: number, middleware: string[]) =>
      route(method, path, pets, line, { middleware: ['LogMiddleware', ...middleware], handler: h(pets, start, end, `PetController.${name}`), notes });
    expect(await routesOf(tree)).toEqual([
      pet('GET', '/api/pets', 8, 'find', 9, 9, ['rateLimiter']),
      pet('GET', '/api/pets/{id}', 11, 'one', 13, 13, ['rateLimiter', 'cacheFor(60)']),
      pet('PATCH', '/api/pets/{id}/owner/{ownerId}', 15, 'changeOwner', 16, 16, ['rateLimiter']),
      user('GET', '/api/users', 11, 'find', 12, 14),
      user('POST', '/api/users', 25, 'create', 27, 27, "@Authorized('admin')"),
      user('DELETE', '/api/users/{id}', 32, 'delete', 33, 33),
      user('GET', '/api/users/{id}', 19, 'one', 21, 23),
      user('PUT', '/api/users/{id}', 29, 'update', 30, 30),
      user('GET', '/api/users/me', 16, 'findMe', 17, 17),
    ]);
  });
  it('reads createExpressServer with controllers listed by class, a prefix constant from a config module, bare @Controller(), @All/@Head/@Method, aliases and namespace imports', async () => {
    const tree = new MemoryTree('head', {
      'src/config.ts': "export const API_PREFIX = '/api/v1';",
      'src/server.ts': lines(
        "import 'reflect-metadata';",
        "import { createExpressServer } from 'routing-controllers';",
        "import { API_PREFIX } from './config';",
        "import UserController from './controllers/userController';",
        "import { HealthController } from './controllers/health.controller';",
        '',
        'const app = createExpressServer({',
        '  routePrefix: API_PREFIX,',
        '  controllers: [UserController, HealthController],',
        '});',
        'export default app;',
      ),
      'src/controllers/userController.ts': lines(
        "import { Controller, Get as GET, Method, Param, UseBefore } from 'routing-controllers';",
        "import passport from 'passport';",
        '',
        '@Controller()',
        'export default class UserController {',
        "  @GET('/users/:id')",
        "  @UseBefore(passport.authenticate('jwt', { session: false }))",
        "  getOne(@Param('id') id: number) {",
        '    return `user ${id}`;',
        '  }',
        '',
        "  @Method('move', '/users/:id')",
        '  move() {}',
        '}',
      ),
      'src/controllers/health.controller.ts': lines(
        "import * as rc from 'routing-controllers';",
        '',
        "@rc.Controller('/health')",
        'export class HealthController {',
        '  @rc.Head()',
        '  @rc.Get()',
        '  check() {',
        "    return 'ok';",
        '  }',
        '',
        "  @rc.All('/ping')",
        '  ping() {}',
        '}',
      ),
      'src/controllers/legacy.controller.ts': lines(
        "import { Get, JsonController } from 'routing-controllers';",
        "@JsonController('/legacy')",
        'export class LegacyController {',
        "  @Get('/')",
        '  list() {}',
        '}',
      ),
    });
    const users = 'src/controllers/userController.ts';
    const health = 'src/controllers/health.controller.ts';
    const legacy = 'src/controllers/legacy.controller.ts';
    expect(await routesOf(tree)).toEqual([
      route('GET', '/api/v1/health', health, 6, { handler: h(health, 7, 9, 'HealthController.check') }),
      route('HEAD', '/api/v1/health', health, 5, { handler: h(health, 7, 9, 'HealthController.check') }),
      route('ANY', '/api/v1/health/ping', health, 11, { handler: h(health, 12, 12, 'HealthController.ping') }),
      route('GET', '/api/v1/users/{id}', users, 6, {
        middleware: ["passport.authenticate('jwt', { session: false })"], handler: h(users, 8, 10, 'UserController.getOne'),
      }),
      route('MOVE', '/api/v1/users/{id}', users, 12, { handler: h(users, 13, 13, 'UserController.move') }),
      route('GET', '/legacy', legacy, 4, {
        handler: h(legacy, 5, 5, 'LegacyController.list'), partial: true,
        notes: ['controller not listed by any useExpressServer/createExpressServer: route prefix unknown'],
      }),
    ]);
  });

  it('serves every controller when there is no set-up, no controllers list, or a list the code computes; keeps unknown prefixes partial', async () => {
    const noSetUp = new MemoryTree('head', {
      'services/orders/src/orders.controller.ts': lines(
        "import { Get, JsonController, Post } from 'routing-controllers';",
        "@JsonController('orders')",
        'export class OrdersController {',
        "  @Get(':orderId')",
        '  get() {}',
        '  @Post()',
        '  create() {}',
        '}',
      ),
      // tsoa's Controller is a base class, and a decorator of another package makes no route.
      'services/orders/src/other.ts': lines(
        "import { Controller } from 'tsoa';",
        "import { Get } from './decorators';",
        'export class Other extends Controller {',
        "  @Get('/nothing')",
        '  nothing() {}',
        '}',
      ),
    });
    expect(await routesOf(noSetUp)).toEqual([
      route('POST', '/orders', 'services/orders/src/orders.controller.ts', 6, { handler: h('services/orders/src/orders.controller.ts', 7, 7, 'OrdersController.create') }),
      route('GET', '/orders/{orderId}', 'services/orders/src/orders.controller.ts', 4, { handler: h('services/orders/src/orders.controller.ts', 5, 5, 'OrdersController.get') }),
    ]);

    const computed = new MemoryTree('head', {
      'src/app.ts': lines(
        "import Koa from 'koa';",
        "import { useKoaServer } from 'routing-controllers';",
        "import * as controllers from './controllers';",
        '',
        'const app = new Koa();',
        'useKoaServer(app, {',
        '  routePrefix: process.env.ROUTE_PREFIX,',
        '  controllers: Object.values(controllers),',
        '});',
      ),
      'src/controllers/index.ts': "export * from './items.controller';",
      'src/controllers/items.controller.ts': lines(
        "import { Authorized, Get, JsonController } from 'routing-controllers';",
        "@JsonController('/items')",
        'export class ItemsController {',
        "  @Authorized(['admin'])",
        '  @Get()',
        '  list() {}',
        '}',
      ),
    });
    expect(await routesOf(computed)).toEqual([
      route('GET', '/items', 'src/controllers/items.controller.ts', 5, {
        middleware: ["@Authorized(['admin'])"], handler: h('src/controllers/items.controller.ts', 6, 6, 'ItemsController.list'),
        partial: true, notes: ['prefix from ROUTE_PREFIX, which has no default in the repository'],
      }),
    ]);
  });
  it('follows options exported by a config module: a template glob relative to that module, spread controller lists and middleware listed by class', async () => {
    const tree = new MemoryTree('head', {
      '.env.example': 'API_PREFIX=/api',
      'src/env.ts': "export const env = { app: { apiPrefix: process.env.API_PREFIX || '/' } };",
      'src/config/routing.ts': lines(
        "import { RoutingControllersOptions } from 'routing-controllers';",
        "import { env } from '../env';",
        "import { AuthMiddleware } from '../middlewares/auth.middleware';",
        "import { adminControllers } from '../admin';",
        '',
        'export const routingControllerOptions: RoutingControllersOptions = {',
        '  cors: true,',
        '  routePrefix: env.app.apiPrefix,',
        // Compiled to dist/config/routing.js, the glob names .js files; the source tree holds the .ts ones.
        '  controllers: [`${__dirname}/../controllers/*.controller.js`, ...adminControllers],',
        '  middlewares: [AuthMiddleware],',
        '};',
      ),
      'src/admin/index.ts': lines("import { AuditController } from './audit.controller';", 'export const adminControllers = [AuditController];'),
      'src/admin/audit.controller.ts': lines(
        "import { Get, JsonController } from 'routing-controllers';",
        "@JsonController('/admin/audit')",
        'export class AuditController {',
        '  @Get()',
        '  list() {}',
        '}',
      ),
      'src/middlewares/auth.middleware.ts': lines(
        "import { ExpressMiddlewareInterface, Middleware } from 'routing-controllers';",
        "@Middleware({ type: 'before' })",
        'export class AuthMiddleware implements ExpressMiddlewareInterface {',
        '  use(req: any, res: any, next: (err?: unknown) => void) { next(); }',
        '}',
      ),
      'src/index.ts': lines(
        "import 'reflect-metadata';",
        "import express from 'express';",
        "import { useExpressServer } from 'routing-controllers';",
        "import { routingControllerOptions } from './config/routing';",
        '',
        'const app = express();',
        'useExpressServer(app, routingControllerOptions);',
        'app.listen(3000);',
      ),
      'src/controllers/posts.controller.ts': lines(
        "import { Body, Get, JsonController, Param, Post } from 'routing-controllers';",
        "@JsonController('/posts')",
        'export class PostsController {',
        "  @Get('/:postId/comments/:commentId?')",
        "  comments(@Param('postId') postId: string) {}",
        '  @Post()',
        '  create(@Body() post: unknown) {}',
        '}',
      ),
      'src/controllers/drafts.ts': lines(
        "import { Get, JsonController } from 'routing-controllers';",
        "@JsonController('/drafts')",
        'export class DraftsController {',
        '  @Get()',
        '  list() {}',
        '}',
      ),
    });
    const posts = 'src/controllers/posts.controller.ts';
    const audit = 'src/admin/audit.controller.ts';
    const notes = ['prefix from API_PREFIX, default from .env.example'];
    expect(await routesOf(tree)).toEqual([
      route('GET', '/api/admin/audit', audit, 4, { middleware: ['AuthMiddleware'], handler: h(audit, 5, 5, 'AuditController.list'), notes }),
      route('POST', '/api/posts', posts, 6, { middleware: ['AuthMiddleware'], handler: h(posts, 7, 7, 'PostsController.create'), notes }),
      route('GET', '/api/posts/{postId}/comments/{commentId}', posts, 4, { middleware: ['AuthMiddleware'], handler: h(posts, 5, 5, 'PostsController.comments'), notes }),
      route('GET', '/drafts', 'src/controllers/drafts.ts', 4, {
        handler: h('src/controllers/drafts.ts', 5, 5, 'DraftsController.list'), partial: true,
        notes: ['controller not listed by any useExpressServer/createExpressServer: route prefix unknown'],
      }),
    ]);
  });
});
