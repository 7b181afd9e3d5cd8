import { describe, expect, it } from '@jest/globals';
import { notesOf, routesOf, row } from './route-test-helpers.js';

/**
 * Laid out like quickplates/litestar-example and Litestar's fullstack template: an API router whose path comes
 * from pydantic settings (overridden by .env.example), controllers with guards and dependencies, nested routers.
 */
const SERVICE: Record<string, string> = {
  '.env.example': 'API_PREFIX=/api/v2\n',
  'src/app/config.py': [
    'from pydantic_settings import BaseSettings',
    '',
    '',
    'class Settings(BaseSettings):',
    '    api_prefix: str = "/api"',
    '',
    '',
    'settings = Settings()',
    '',
  ].join('\n'),
  'src/app/main.py': [
    'from litestar import Litestar',
    '',
    'from app.api.router import api_router',
    'from app.health import health_check, metrics',
    'from app.middleware import LoggingMiddleware',
    '',
    'app = Litestar(route_handlers=[health_check, api_router], middleware=[LoggingMiddleware])',
    'app.register(metrics)',
    '',
  ].join('\n'),
  'src/app/middleware.py': 'class LoggingMiddleware:\n    pass\n',
  'src/app/guards.py': 'def requires_active_user(connection, handler):\n    ...\n\n\ndef requires_superuser(connection, handler):\n    ...\n',
  'src/app/health.py': [
    'from litestar import get',
    '',
    '',
    '@get("/health", exclude_from_auth=True)',
    'async def health_check() -> dict:',
    '    return {"status": "ok"}',
    '',
    '',
    '@get("/metrics")',
    'async def metrics() -> str:',
    '    return ""',
    '',
  ].join('\n'),
  'src/app/api/__init__.py': '',
  'src/app/api/router.py': [
    'from litestar import Router',
    '',
    'from app.api.orders import order_router',
    'from app.api.users.controller import UserController',
    'from app.config import settings',
    'from app.guards import requires_active_user',
    '',
    'api_router = Router(path=settings.api_prefix, route_handlers=[UserController, order_router], guards=[requires_active_user])',
    '',
  ].join('\n'),
  'src/app/api/users/__init__.py': '',
  'src/app/api/users/controller.py': [
    'from uuid import UUID',
    '',
    'from litestar import Controller, HttpMethod, delete, get, post, route',
    'from litestar.di import Provide',
    '',
    'from app.guards import requires_superuser',
    'from app.repositories import provide_users_repo',
    '',
    '',
    'class UserController(Controller):',
    '    path = "/users"',
    '    dependencies = {"users_repo": Provide(provide_users_repo)}',
    '',
    '    @get()',
    '    async def list_users(self, users_repo) -> list:',
    '        return []',
    '',
    '    @post(guards=[requires_superuser])',
    '    async def create_user(self, data: dict) -> dict:',
    '        return data',
    '',
    '    @get("/{user_id:uuid}")',
    '    async def get_user(self, user_id: UUID) -> dict:',
    '        return {}',
    '',
    '    @route("/{user_id:uuid}", http_method=[HttpMethod.PUT, HttpMethod.PATCH])',
    '    async def update_user(self, user_id: UUID, data: dict) -> dict:',
    '        return data',
    '',
    '    @delete(path="/{user_id:uuid}", guards=[requires_superuser])',
    '    async def delete_user(self, user_id: UUID) -> None:',
    '        return None',
    '',
  ].join('\n'),
  'src/app/api/orders.py': [
    'from litestar import Router, get, post, websocket',
    '',
    'from app.idempotency import IdempotencyMiddleware',
    '',
    '',
    '@get(["/", "/recent"])',
    'async def list_orders() -> list:',
    '    return []',
    '',
    '',
    '@post("/", middleware=[IdempotencyMiddleware])',
    'async def create_order(data: dict) -> dict:',
    '    return data',
    '',
    '',
    '@websocket("/live")',
    'async def live(socket) -> None:',
    '    ...',
    '',
    '',
    'order_router = Router(path="/orders", route_handlers=[list_orders, create_order, live])',
    '',
  ].join('\n'),
  'src/app/api/legacy.py': [
    'from litestar import get',
    '',
    '',
    '@get("/legacy/{item_id:int}")',
    'async def legacy(item_id: int) -> dict:',
    '    return {}',
    '',
  ].join('\n'),
};

describe('litestar routes', () => {
  it('reads handlers, controllers, nested routers with a settings path, register() and the guards and dependencies of every layer', async () => {
    const routes = await routesOf(SERVICE);
    expect(routes.map(row)).toEqual([
      'GET /api/v2/orders | src/app/api/orders.py:6 | litestar | list_orders src/app/api/orders.py:7-8 | LoggingMiddleware, requires_active_user',
      'POST /api/v2/orders | src/app/api/orders.py:11 | litestar | create_order src/app/api/orders.py:12-13 | LoggingMiddleware, requires_active_user, IdempotencyMiddleware',
      'WS /api/v2/orders/live | src/app/api/orders.py:16 | litestar | live src/app/api/orders.py:17-18 | LoggingMiddleware, requires_active_user',
      'GET /api/v2/orders/recent | src/app/api/orders.py:6 | litestar | list_orders src/app/api/orders.py:7-8 | LoggingMiddleware, requires_active_user',
      'GET /api/v2/users | src/app/api/users/controller.py:14 | litestar | UserController.list_users src/app/api/users/controller.py:15-16 | LoggingMiddleware, requires_active_user, Provide(provide_users_repo)',
      'POST /api/v2/users | src/app/api/users/controller.py:18 | litestar | UserController.create_user src/app/api/users/controller.py:19-20 | LoggingMiddleware, requires_active_user, Provide(provide_users_repo), requires_superuser',
      'DELETE /api/v2/users/{user_id} | src/app/api/users/controller.py:30 | litestar | UserController.delete_user src/app/api/users/controller.py:31-32 | LoggingMiddleware, requires_active_user, Provide(provide_users_repo), requires_superuser',
      'GET /api/v2/users/{user_id} | src/app/api/users/controller.py:22 | litestar | UserController.get_user src/app/api/users/controller.py:23-24 | LoggingMiddleware, requires_active_user, Provide(provide_users_repo)',
      'PATCH /api/v2/users/{user_id} | src/app/api/users/controller.py:26 | litestar | UserController.update_user src/app/api/users/controller.py:27-28 | LoggingMiddleware, requires_active_user, Provide(provide_users_repo)',
      'PUT /api/v2/users/{user_id} | src/app/api/users/controller.py:26 | litestar | UserController.update_user src/app/api/users/controller.py:27-28 | LoggingMiddleware, requires_active_user, Provide(provide_users_repo)',
      'GET /health | src/app/health.py:4 | litestar | health_check src/app/health.py:5-6 | LoggingMiddleware',
      'GET /legacy/{item_id} | src/app/api/legacy.py:4 | litestar | legacy src/app/api/legacy.py:5-6 | - | partial',
      'GET /metrics | src/app/health.py:9 | litestar | metrics src/app/health.py:10-11 | LoggingMiddleware',
    ]);
    expect(notesOf(routes)).toEqual([
      '"/api/v2" from Settings.api_prefix, the default in .env.example',
      'handler src/app/api/legacy.py:4 is not registered in an app we could follow',
    ]);
  });

  it.each<{ name: string; files: Record<string, string>; rows: string[] }>([
    {
      name: 'a controller inheriting its path and guards from a project base class, Router positional path',
      files: {
        'l.py': 'from litestar import Controller, Litestar, Router, get, patch\n\ndef admin_only(connection, handler): ...\n\nclass Base(Controller):\n    path = "/admin"\n    guards = [admin_only]\n\nclass Users(Base):\n    @get("/users")\n    async def users(self) -> list: ...\n\n    @patch("/users/{user_id:int}")\n    async def edit(self, user_id: int) -> dict: ...\n\nrouter = Router("/v1", route_handlers=[Users])\napp = Litestar([router])\n',
      },
      rows: ['GET /v1/admin/users | l.py:10 | litestar | Users.users l.py:11-11 | admin_only', 'PATCH /v1/admin/users/{user_id} | l.py:13 | litestar | Users.edit l.py:14-14 | admin_only'],
    },
    {
      name: 'Starlite, the former name, and a router nothing registers',
      files: {
        's.py': 'from starlite import Router, get\n\n@get("/ping")\ndef ping() -> str: ...\n\nr = Router(path="/internal", route_handlers=[ping])\n',
      },
      rows: ['GET /internal/ping | s.py:3 | litestar | ping s.py:4-4 | - | partial'],
    },
  ])('$name', async ({ files, rows }) => {
    expect((await routesOf(files)).map(row)).toEqual(rows);
  });
});
