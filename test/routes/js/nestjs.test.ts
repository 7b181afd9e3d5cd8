import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { fixtureTree, h, routeBuilder, routesOf, type RouteView } from './support/route-fixtures.js';

const route = routeBuilder('nestjs');

describe('nestjs routes', () => {
  it('reads a RealWorld app: global prefix with exclude, URI versioning, RouterModule paths, guards and APP_GUARD', async () => {
    expect(await routesOf(fixtureTree('nestjs/realworld'))).toEqual([
      route('GET', '/api/tags/popular', 'src/tag/tag.controller.ts', 15, { middleware: ['ThrottlerGuard'], handler: h('src/tag/tag.controller.ts', 16, 18, 'TagController.popular') }),
      route('GET', '/api/v1/admin/reports/daily', 'src/admin/reports/reports.controller.ts', 7, { middleware: ['ThrottlerGuard', 'CacheInterceptor'], handler: h('src/admin/reports/reports.controller.ts', 8, 10, 'ReportsController.daily') }),
      route('GET', '/api/v1/admin/users', 'src/admin/admin-users.controller.ts', 9, { middleware: ['ThrottlerGuard', '@Roles(Role.Admin)'], handler: h('src/admin/admin-users.controller.ts', 10, 12, 'AdminUsersController.list') }),
      route('GET', '/api/v1/admin/users/{id}', 'src/admin/admin-users.controller.ts', 15, { middleware: ['ThrottlerGuard', '@Roles(Role.Admin)', '@Public()'], handler: h('src/admin/admin-users.controller.ts', 16, 18, 'AdminUsersController.show') }),
      route('PATCH', '/api/v1/admin/users/{id}/ban', 'src/admin/admin-users.controller.ts', 20, { middleware: ['ThrottlerGuard', '@Roles(Role.Admin)'], handler: h('src/admin/admin-users.controller.ts', 21, 23, 'AdminUsersController.ban') }),
      route('GET', '/api/v1/articles', 'src/article/article.controller.ts', 19, { middleware: ['ThrottlerGuard'], handler: h('src/article/article.controller.ts', 20, 22, 'ArticleController.findAll') }),
      route('POST', '/api/v1/articles', 'src/article/article.controller.ts', 42, { middleware: ['ThrottlerGuard', 'AuthGuard(\'jwt\')'], handler: h('src/article/article.controller.ts', 43, 45, 'ArticleController.create') }),
      route('DELETE', '/api/v1/articles/{slug}', 'src/article/article.controller.ts', 54, { middleware: ['ThrottlerGuard', 'AuthGuard(\'jwt\')'], handler: h('src/article/article.controller.ts', 55, 57, 'ArticleController.delete') }),
      route('GET', '/api/v1/articles/{slug}', 'src/article/article.controller.ts', 30, { middleware: ['ThrottlerGuard'], handler: h('src/article/article.controller.ts', 31, 33, 'ArticleController.findOne') }),
      route('PUT', '/api/v1/articles/{slug}', 'src/article/article.controller.ts', 48, { middleware: ['ThrottlerGuard', 'AuthGuard(\'jwt\')'], handler: h('src/article/article.controller.ts', 49, 51, 'ArticleController.update') }),
      route('GET', '/api/v1/articles/{slug}/comments', 'src/article/article.controller.ts', 35, { middleware: ['ThrottlerGuard'], handler: h('src/article/article.controller.ts', 36, 38, 'ArticleController.findComments') }),
      route('POST', '/api/v1/articles/{slug}/comments', 'src/article/article.controller.ts', 60, { middleware: ['ThrottlerGuard', 'AuthGuard(\'jwt\')'], handler: h('src/article/article.controller.ts', 61, 63, 'ArticleController.createComment') }),
      route('DELETE', '/api/v1/articles/{slug}/comments/{id}', 'src/article/article.controller.ts', 66, { middleware: ['ThrottlerGuard', 'AuthGuard(\'jwt\')'], handler: h('src/article/article.controller.ts', 67, 70, 'ArticleController.deleteComment') }),
      route('GET', '/api/v1/articles/feed', 'src/article/article.controller.ts', 25, { middleware: ['AuthMiddleware', 'ThrottlerGuard'], handler: h('src/article/article.controller.ts', 26, 28, 'ArticleController.getFeed') }),
      route('GET', '/api/v1/profiles/{username}', 'src/profile/profile.controller.ts', 13, { middleware: ['ThrottlerGuard', 'JwtAuthGuard'], handler: h('src/profile/profile.controller.ts', 14, 16, 'ProfileController.getProfile') }),
      route('DELETE', '/api/v1/profiles/{username}/follow', 'src/profile/profile.controller.ts', 23, { middleware: ['ThrottlerGuard', 'JwtAuthGuard'], handler: h('src/profile/profile.controller.ts', 24, 26, 'ProfileController.unFollow') }),
      route('POST', '/api/v1/profiles/{username}/follow', 'src/profile/profile.controller.ts', 18, { middleware: ['ThrottlerGuard', 'JwtAuthGuard'], handler: h('src/profile/profile.controller.ts', 19, 21, 'ProfileController.follow') }),
      route('GET', '/api/v1/user', 'src/user/user.controller.ts', 15, { middleware: ['ThrottlerGuard'], handler: h('src/user/user.controller.ts', 16, 18, 'UserController.findMe') }),
      route('PUT', '/api/v1/user', 'src/user/user.controller.ts', 20, { middleware: ['ThrottlerGuard'], handler: h('src/user/user.controller.ts', 21, 23, 'UserController.update') }),
      route('POST', '/api/v1/users', 'src/user/user.controller.ts', 26, { middleware: ['ThrottlerGuard', 'new ValidationPipe()'], handler: h('src/user/user.controller.ts', 27, 29, 'UserController.create') }),
      route('DELETE', '/api/v1/users/{slug}', 'src/user/user.controller.ts', 31, { middleware: ['ThrottlerGuard'], handler: h('src/user/user.controller.ts', 32, 34, 'UserController.delete') }),
      route('POST', '/api/v1/users/login', 'src/user/user.controller.ts', 38, { middleware: ['ThrottlerGuard', 'new ValidationPipe()'], handler: h('src/user/user.controller.ts', 39, 41, 'UserController.login') }),
      route('GET', '/api/v2/tags', 'src/tag/tag.controller.ts', 9, { middleware: ['ThrottlerGuard'], handler: h('src/tag/tag.controller.ts', 10, 12, 'TagController.findAll') }),
      route('GET', '/v1/health', 'src/app.controller.ts', 5, { middleware: ['ThrottlerGuard'], handler: h('src/app.controller.ts', 6, 8, 'AppController.health') }),
    ]);
  });

  it('reads path arrays, @All/@Head, a prefix held in a constant, useGlobalGuards, string excludes and a custom version prefix', async () => {
    const tree = new MemoryTree('head', {
      'apps/api/src/main.ts': [
        "import { NestFactory, Reflector } from '@nestjs/core';",
        "import { VersioningType } from '@nestjs/common';",
        "import { AppModule } from './app/app.module';",
        "import { JwtAuthGuard } from './app/auth/jwt-auth.guard';",
        '',
        'async function bootstrap() {',
        '  const app = await NestFactory.create(AppModule);',
        "  const globalPrefix = 'api';",
        "  app.setGlobalPrefix(globalPrefix, { exclude: ['status', 'webhooks/(.*)'] });",
        "  app.enableVersioning({ type: VersioningType.URI, prefix: 'version-' });",
        '  app.useGlobalGuards(new JwtAuthGuard(app.get(Reflector)));',
        '  await app.listen(process.env.PORT || 3333);',
        '}',
        'bootstrap();',
      ].join('\n'),
      'apps/api/src/app/app.module.ts': [
        "import { Module } from '@nestjs/common';",
        "import { CatsController } from './cats.controller';",
        "import { HooksController } from './hooks.controller';",
        '@Module({ controllers: [CatsController, HooksController] })',
        'export class AppModule {}',
      ].join('\n'),
      'apps/api/src/app/cats.controller.ts': [
        "import { All, Controller, Get, Head, Header, Post, Version } from '@nestjs/common';",
        '',
        "@Controller(['cats', 'kittens'])",
        'export class CatsController {',
        "  @Get(['', 'list'])",
        "  @Header('Cache-Control', 'none')",
        '  findAll() {',
        '    return [];',
        '  }',
        '',
        "  @Version('2')",
        '  @Post()',
        '  create() {}',
        '',
        "  @Head(':id')",
        '  exists() {}',
        '}',
      ].join('\n'),
      'apps/api/src/app/hooks.controller.ts': [
        "import { All, Controller, Get } from '@nestjs/common';",
        '',
        '@Controller()',
        'export class HooksController {',
        "  @All('webhooks/:provider')",
        '  receive() {}',
        '',
        "  @Get('status')",
        '  status() {}',
        '}',
      ].join('\n'),
    });
    const cats = (method: string, path: string, line: number, name: string, start: number, end: number) =>
      route(method, path, 'apps/api/src/app/cats.controller.ts', line, { middleware: ['JwtAuthGuard'], handler: h('apps/api/src/app/cats.controller.ts', start, end, `CatsController.${name}`) });
    expect(await routesOf(tree)).toEqual([
      cats('GET', '/api/cats', 5, 'findAll', 7, 9),
      cats('HEAD', '/api/cats/{id}', 15, 'exists', 16, 16),
      cats('GET', '/api/cats/list', 5, 'findAll', 7, 9),
      cats('GET', '/api/kittens', 5, 'findAll', 7, 9),
      cats('HEAD', '/api/kittens/{id}', 15, 'exists', 16, 16),
      cats('GET', '/api/kittens/list', 5, 'findAll', 7, 9),
      cats('POST', '/api/version-2/cats', 12, 'create', 13, 13),
      cats('POST', '/api/version-2/kittens', 12, 'create', 13, 13),
      route('GET', '/status', 'apps/api/src/app/hooks.controller.ts', 8, { middleware: ['JwtAuthGuard'], handler: h('apps/api/src/app/hooks.controller.ts', 9, 9, 'HooksController.status') }),
      route('ANY', '/webhooks/{provider}', 'apps/api/src/app/hooks.controller.ts', 5, { middleware: ['JwtAuthGuard'], handler: h('apps/api/src/app/hooks.controller.ts', 6, 6, 'HooksController.receive') }),
    ]);
  });

  it('keeps controllers without a bootstrap unprefixed, and follows dynamic modules (forRoot returning controllers)', async () => {
    const tree = new MemoryTree('head', {
      'libs/health/src/health.module.ts': [
        "import { DynamicModule, Module } from '@nestjs/common';",
        "import { HealthController } from './health.controller';",
        '@Module({})',
        'export class HealthModule {',
        '  static forRoot(): DynamicModule {',
        '    return { module: HealthModule, controllers: [HealthController] };',
        '  }',
        '}',
      ].join('\n'),
      'libs/health/src/health.controller.ts': [
        "import { Controller, Get } from '@nestjs/common';",
        "@Controller('health')",
        'export class HealthController {',
        '  @Get()',
        '  check() {',
        "    return { status: 'ok' };",
        '  }',
        '}',
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/health', 'libs/health/src/health.controller.ts', 4, { handler: h('libs/health/src/health.controller.ts', 5, 7, 'HealthController.check') }),
    ]);
  });

  it('resolves a global prefix read from @nestjs/config: a registerAs namespace (boilerplate layout) and an environment key', async () => {
    // brocoders/nestjs-boilerplate: main.ts reads `app.apiPrefix`, which src/config/app.config.ts
    // registers as `process.env.API_PREFIX || 'api'`; the repository ships no value for API_PREFIX.
    const tree = new MemoryTree('head', {
      'src/main.ts': [
        "import { VersioningType } from '@nestjs/common';",
        "import { ConfigService } from '@nestjs/config';",
        "import { NestFactory } from '@nestjs/core';",
        "import { AppModule } from './app.module';",
        "import { AllConfigType } from './config/config.type';",
        '',
        'async function bootstrap() {',
        '  const app = await NestFactory.create(AppModule, { cors: true });',
        '  const configService = app.get(ConfigService<AllConfigType>);',
        '  app.setGlobalPrefix(',
        "    configService.getOrThrow('app.apiPrefix', { infer: true }),",
        "    { exclude: ['/'] },",
        '  );',
        '  app.enableVersioning({ type: VersioningType.URI });',
        "  await app.listen(configService.getOrThrow('app.port', { infer: true }));",
        '}',
        'void bootstrap();',
      ].join('\n'),
      'src/config/app.config.ts': [
        "import { registerAs } from '@nestjs/config';",
        "import { AppConfig } from './config.type';",
        '',
        "export default registerAs<AppConfig>('app', () => {",
        '  validateConfig(process.env, EnvironmentVariablesValidator);',
        '  return {',
        "    nodeEnv: process.env.NODE_ENV || 'development',",
        "    apiPrefix: process.env.API_PREFIX || 'api',",
        '  };',
        '});',
      ].join('\n'),
      'src/app.module.ts': [
        "import { Module } from '@nestjs/common';",
        "import { ConfigModule } from '@nestjs/config';",
        "import appConfig from './config/app.config';",
        "import { HomeController } from './home/home.controller';",
        "import { UsersController } from './users/users.controller';",
        '@Module({',
        '  imports: [ConfigModule.forRoot({ isGlobal: true, load: [appConfig] })],',
        '  controllers: [HomeController, UsersController],',
        '})',
        'export class AppModule {}',
      ].join('\n'),
      'src/home/home.controller.ts': [
        "import { Controller, Get } from '@nestjs/common';",
        '@Controller()',
        'export class HomeController {',
        '  @Get()',
        '  appInfo() {}',
        '}',
      ].join('\n'),
      'src/users/users.controller.ts': [
        "import { Controller, Get, Param } from '@nestjs/common';",
        "@Controller({ path: 'users', version: '1' })",
        'export class UsersController {',
        "  @Get(':id')",
        "  findOne(@Param('id') id: string) {}",
        '}',
      ].join('\n'),
    });
    const notes = ['prefix read from configuration `app.apiPrefix`', "prefix from API_PREFIX, not set in the repository: default 'api' from the code"];
    expect(await routesOf(tree)).toEqual([
      route('GET', '/', 'src/home/home.controller.ts', 4, { handler: h('src/home/home.controller.ts', 5, 5, 'HomeController.appInfo') }),
      route('GET', '/api/v1/users/{id}', 'src/users/users.controller.ts', 4, { handler: h('src/users/users.controller.ts', 5, 5, 'UsersController.findOne'), notes }),
    ]);
  });

  it('reads an environment key through ConfigService (its default in the code), and leaves an unknown namespace partial', async () => {
    const main = (prefix: string) => [
      "import { ConfigService } from '@nestjs/config';",
      "import { NestFactory } from '@nestjs/core';",
      "import { AppModule } from './app.module';",
      'async function bootstrap() {',
      '  const app = await NestFactory.create(AppModule);',
      '  const config = app.get(ConfigService);',
      `  app.setGlobalPrefix(${prefix});`,
      '  await app.listen(3000);',
      '}',
      'bootstrap();',
    ].join('\n');
    const files = {
      'src/app.module.ts': [
        "import { Module } from '@nestjs/common';",
        "import { CatsController } from './cats.controller';",
        '@Module({ controllers: [CatsController] })',
        'export class AppModule {}',
      ].join('\n'),
      'src/cats.controller.ts': [
        "import { Controller, Get } from '@nestjs/common';",
        "@Controller('cats')",
        'export class CatsController {',
        '  @Get()',
        '  findAll() {}',
        '}',
      ].join('\n'),
    };
    const cats = (path: string, rest: Partial<RouteView>) => route('GET', path, 'src/cats.controller.ts', 4, { handler: h('src/cats.controller.ts', 5, 5, 'CatsController.findAll'), ...rest });
    const fromEnv = new MemoryTree('head', { ...files, 'src/main.ts': main("config.get<string>('GLOBAL_PREFIX', 'api')"), '.env.example': 'GLOBAL_PREFIX=gateway\n' });
    expect(await routesOf(fromEnv)).toEqual([
      cats('/gateway/cats', { notes: ['prefix read from configuration `GLOBAL_PREFIX`', 'prefix from GLOBAL_PREFIX, default from .env.example'] }),
    ]);
    const fromDefault = new MemoryTree('head', { ...files, 'src/main.ts': main("config.get<string>('GLOBAL_PREFIX', 'api')") });
    expect(await routesOf(fromDefault)).toEqual([
      cats('/api/cats', { notes: ['prefix read from configuration `GLOBAL_PREFIX`', 'prefix from GLOBAL_PREFIX, which has no default in the repository', "default 'api' from the code"] }),
    ]);
    // No registerAs('http', …) in the repository: the prefix stays unknown.
    const unknown = new MemoryTree('head', { ...files, 'src/main.ts': main("config.get('http.prefix')") });
    expect(await routesOf(unknown)).toEqual([
      cats('/cats', { partial: true, notes: ['part of the path is computed at run time'] }),
    ]);
  });
});
