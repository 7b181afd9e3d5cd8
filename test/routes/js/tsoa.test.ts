import { describe, expect, it } from '@jest/globals';
import { scanTree } from '../../../src/core/analysis/scan-tree.js';
import { MemoryTree } from '../../../src/core/change-source.js';
import { readProjectInfo, RouteCollector } from '../../../src/core/routes/build-route-map.js';
import { h, routeBuilder, type RouteView } from './support/route-fixtures.js';

const route = routeBuilder('tsoa');
const lines = (...text: string[]): string => text.join('\n');

/**
 * The routes of a tree with its tsoa.json files handed to the extractors as configuration files
 * (`withConfig`), or explicitly without them.
 */
async function tsoaRoutes(tree: MemoryTree, withConfig = true): Promise<RouteView[]> {
  const collector = new RouteCollector();
  await scanTree(tree, [collector]);
  const project = await readProjectInfo(tree);
  const configFiles = new Map(project.configFiles);
  for (const path of await tree.paths()) {
    if (path !== 'tsoa.json' && !path.endsWith('/tsoa.json')) continue;
    if (withConfig) configFiles.set(path, (await tree.read(path)) ?? '');
    else configFiles.delete(path);
  }
  return collector.link({ ...project, configFiles }).map(({ signature, ...rest }) => {
    if (!/^[0-9a-f]{16}$/.test(signature)) throw new Error(`bad signature ${signature}`);
    return rest;
  });
}

/** A tsoa service shaped like tsoa's getting-started project: controllers by feature folder, RegisterRoutes from the generated build/. */
const service = (config: object): MemoryTree => new MemoryTree('head', {
  'tsoa.json': JSON.stringify(config, null, 2),
  'package.json': '{ "name": "users-api", "dependencies": { "tsoa": "^6.0.0", "express": "^4.18.0" } }',
  'src/app.ts': lines(
    "import express, { json, urlencoded } from 'express';",
    "import { RegisterRoutes } from '../build/routes';",
    '',
    'export const app = express();',
    'app.use(urlencoded({ extended: true }));',
    'app.use(json());',
    'RegisterRoutes(app);',
  ),
  'src/server.ts': lines("import { app } from './app';", 'app.listen(process.env.PORT || 3000);'),
  'src/authentication.ts': lines(
    "import * as express from 'express';",
    'export function expressAuthentication(request: express.Request, securityName: string, scopes?: string[]): Promise<unknown> {',
    "  return Promise.resolve({ id: 1, securityName, scopes });",
    '}',
  ),
  'src/users/usersController.ts': lines(
    "import { Body, Controller, Delete, Get, NoSecurity, Path, Post, Query, Route, Security, SuccessResponse, Tags } from 'tsoa';",
    "import { User } from './user';",
    "import { UsersService, UserCreationParams } from './usersService';",
    '',
    "@Route('users')",
    "@Tags('Users')",
    "@Security('jwt')",
    'export class UsersController extends Controller {',
    "  @Get('{userId}')",
    '  public async getUser(@Path() userId: number, @Query() name?: string): Promise<User> {',
    '    return new UsersService().get(userId, name);',
    '  }',
    '',
    "  @SuccessResponse('201', 'Created')",
    '  @Post()',
    '  public async createUser(@Body() requestBody: UserCreationParams): Promise<void> {',
    '    this.setStatus(201);',
    '    new UsersService().create(requestBody);',
    '  }',
    '',
    '  @NoSecurity()',
    "  @Get('{userId}/avatar')",
    '  public async avatar(@Path() userId: number): Promise<string> {',
    '    return `/avatars/${userId}.png`;',
    '  }',
    '',
    "  @Security('api_key')",
    "  @Security('jwt', ['admin'])",
    "  @Delete('{userId}')",
    '  public async deleteUser(@Path() userId: number): Promise<void> {}',
    '}',
  ),
  'src/users/user.ts': lines('export interface User {', '  id: number;', '  email: string;', '}'),
  'src/users/usersService.ts': lines(
    "import { User } from './user';",
    'export type UserCreationParams = Pick<User, "email">;',
    'export class UsersService {',
    '  public get(id: number, name?: string): User { return { id, email: String(name) }; }',
    '  public create(params: UserCreationParams): User { return { id: 1, ...params }; }',
    '}',
  ),
  'src/orders/ordersController.ts': lines(
    "import { Controller, Get, Middlewares, Patch, Path, Put, Route, Security } from 'tsoa';",
    "import { requestLogger } from '../middleware/requestLogger';",
    "import { cache, rateLimit } from '../middleware/http';",
    '',
    "@Route('/orders/')",
    '@Middlewares(requestLogger)',
    'export class OrdersController extends Controller {',
    '  @Get()',
    '  public async list(): Promise<string[]> {',
    '    return [];',
    '  }',
    '',
    "  @Get('{orderId}')",
    '  @Middlewares([cache(30), rateLimit])',
    '  public async get(@Path() orderId: string): Promise<string> {',
    '    return orderId;',
    '  }',
    '',
    "  @Patch('{orderId}/status')",
    "  @Security('jwt', ['orders:write'])",
    '  public async updateStatus(@Path() orderId: string): Promise<void> {}',
    '',
    "  @Put(':orderId/items/{itemId}')",
    '  public async putItem(): Promise<void> {}',
    '}',
  ),
});

describe('tsoa routes', () => {
  it('reads a service: routes.basePath from tsoa.json, @Route without a leading slash, {param} paths, @Security (class, method, @NoSecurity) and @Middlewares', async () => {
    const tree = service({
      entryFile: 'src/app.ts',
      noImplicitAdditionalProperties: 'throw-on-extras',
      controllerPathGlobs: ['src/**/*Controller.ts'],
      spec: { outputDirectory: 'build', specVersion: 3, basePath: '/api', securityDefinitions: { jwt: { type: 'http', scheme: 'bearer' } } },
      routes: { routesDir: 'build', basePath: '/api/v1', authenticationModule: './src/authentication.ts' },
    });
    const users = 'src/users/usersController.ts';
    const orders = 'src/orders/ordersController.ts';
    expect(await tsoaRoutes(tree)).toEqual([
      route('GET', '/api/v1/orders', orders, 8, { middleware: ['requestLogger'], handler: h(orders, 9, 11, 'OrdersController.list') }),
      route('GET', '/api/v1/orders/{orderId}', orders, 13, { middleware: ['requestLogger', 'cache(30)', 'rateLimit'], handler: h(orders, 15, 17, 'OrdersController.get') }),
      route('PUT', '/api/v1/orders/{orderId}/items/{itemId}', orders, 23, { middleware: ['requestLogger'], handler: h(orders, 24, 24, 'OrdersController.putItem') }),
      route('PATCH', '/api/v1/orders/{orderId}/status', orders, 19, { middleware: ["@Security('jwt', ['orders:write'])", 'requestLogger'], handler: h(orders, 21, 21, 'OrdersController.updateStatus') }),
      route('POST', '/api/v1/users', users, 15, { middleware: ["@Security('jwt')"], handler: h(users, 16, 19, 'UsersController.createUser') }),
      route('DELETE', '/api/v1/users/{userId}', users, 29, { middleware: ["@Security('api_key')", "@Security('jwt', ['admin'])"], handler: h(users, 30, 30, 'UsersController.deleteUser') }),
      route('GET', '/api/v1/users/{userId}', users, 9, { middleware: ["@Security('jwt')"], handler: h(users, 10, 12, 'UsersController.getUser') }),
      route('GET', '/api/v1/users/{userId}/avatar', users, 22, { handler: h(users, 23, 25, 'UsersController.avatar') }),
    ]);
  });

  it('takes spec.basePath when routes.basePath is not set (noted), serves at / without any, and marks the path partial when tsoa.json was not read', async () => {
    const specOnly = await tsoaRoutes(service({ entryFile: 'src/app.ts', spec: { outputDirectory: 'build', specVersion: 3, basePath: '/api' }, routes: { routesDir: 'build' } }));
    expect(specOnly.map((found) => [found.method, found.path, found.notes])).toEqual([
      ['GET', '/api/orders', ['base path from spec.basePath of tsoa.json (routes.basePath is not set)']],
      ['GET', '/api/orders/{orderId}', ['base path from spec.basePath of tsoa.json (routes.basePath is not set)']],
      ['PUT', '/api/orders/{orderId}/items/{itemId}', ['base path from spec.basePath of tsoa.json (routes.basePath is not set)']],
      ['PATCH', '/api/orders/{orderId}/status', ['base path from spec.basePath of tsoa.json (routes.basePath is not set)']],
      ['POST', '/api/users', ['base path from spec.basePath of tsoa.json (routes.basePath is not set)']],
      ['DELETE', '/api/users/{userId}', ['base path from spec.basePath of tsoa.json (routes.basePath is not set)']],
      ['GET', '/api/users/{userId}', ['base path from spec.basePath of tsoa.json (routes.basePath is not set)']],
      ['GET', '/api/users/{userId}/avatar', ['base path from spec.basePath of tsoa.json (routes.basePath is not set)']],
    ]);

    const plain = await tsoaRoutes(service({ entryFile: 'src/app.ts', spec: { outputDirectory: 'build', specVersion: 3 }, routes: { routesDir: 'build' } }));
    expect(plain.map((found) => `${found.method} ${found.path}${found.partial ? ' partial' : ''}`)).toEqual([
      'GET /orders', 'GET /orders/{orderId}', 'PUT /orders/{orderId}/items/{itemId}', 'PATCH /orders/{orderId}/status',
      'POST /users', 'DELETE /users/{userId}', 'GET /users/{userId}', 'GET /users/{userId}/avatar',
    ]);

    const unread = await tsoaRoutes(service({ routes: { basePath: '/api/v1' } }), false);
    expect(unread.map((found) => [found.path, found.partial, found.notes])).toContainEqual(['/users/{userId}', true, ['base path in tsoa.json not read']]);
    expect(unread.every((found) => found.partial === true)).toBe(true);
  });

  it('gives each package of a monorepo the base path of its nearest tsoa.json, with a @Route prefix from an imported constant and a namespace import of @tsoa/runtime', async () => {
    const tree = new MemoryTree('head', {
      'packages/billing/tsoa.json': JSON.stringify({ entryFile: 'src/index.ts', spec: { outputDirectory: 'dist' }, routes: { routesDir: 'src/generated', basePath: '/billing' } }),
      'packages/billing/src/invoices/invoiceController.ts': lines(
        "import { Get, Route } from 'tsoa';",
        "import { INVOICES } from '../paths';",
        '@Route(INVOICES)',
        'export class InvoiceController {',
        "  @Get('{invoiceId}')",
        '  public async get(invoiceId: string) {}',
        '}',
      ),
      'packages/billing/src/paths.ts': "export const INVOICES = 'invoices';",
      'packages/catalog/tsoa.json': JSON.stringify({ entryFile: 'src/index.ts', spec: { outputDirectory: 'dist' }, routes: { routesDir: 'src/generated', basePath: '/catalog/' } }),
      'packages/catalog/src/productController.ts': lines(
        "import * as tsoa from '@tsoa/runtime';",
        '@tsoa.Route()',
        'export class ProductController {',
        "  @tsoa.Options('products')",
        '  public options() {}',
        "  @tsoa.Head('products/{sku}')",
        '  public head() {}',
        '}',
      ),
    });
    const billing = 'packages/billing/src/invoices/invoiceController.ts';
    const catalog = 'packages/catalog/src/productController.ts';
    expect(await tsoaRoutes(tree)).toEqual([
      route('GET', '/billing/invoices/{invoiceId}', billing, 5, { handler: h(billing, 6, 6, 'InvoiceController.get') }),
      route('OPTIONS', '/catalog/products', catalog, 4, { handler: h(catalog, 5, 5, 'ProductController.options') }),
      route('HEAD', '/catalog/products/{sku}', catalog, 6, { handler: h(catalog, 7, 7, 'ProductController.head') }),
    ]);
  });
});
