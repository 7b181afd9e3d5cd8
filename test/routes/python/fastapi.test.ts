import { describe, expect, it } from '@jest/globals';
import { fixtureFiles, notesOf, routesOf, row, rowsOf } from './route-test-helpers.js';

describe('fastapi routes', () => {
  it('reads the full-stack-fastapi-template layout: include chains across modules, settings prefix, dependency aliases', async () => {
    const routes = await routesOf(fixtureFiles('fastapi/full-stack'));
    expect(routes.map(row)).toEqual([
      'GET /api/v1/items | backend/app/api/routes/items.py:13 | fastapi | read_items backend/app/api/routes/items.py:14-19 | CORSMiddleware, Depends(get_db), Depends(get_current_user)',
      'POST /api/v1/items | backend/app/api/routes/items.py:30 | fastapi | create_item backend/app/api/routes/items.py:31-37 | CORSMiddleware, Depends(get_db), Depends(get_current_user)',
      'DELETE /api/v1/items/{id} | backend/app/api/routes/items.py:54 | fastapi | delete_item backend/app/api/routes/items.py:55-61 | CORSMiddleware, Depends(get_db), Depends(get_current_user)',
      'GET /api/v1/items/{id} | backend/app/api/routes/items.py:22 | fastapi | read_item backend/app/api/routes/items.py:23-27 | CORSMiddleware, Depends(get_db), Depends(get_current_user)',
      'PUT /api/v1/items/{id} | backend/app/api/routes/items.py:40 | fastapi | update_item backend/app/api/routes/items.py:41-51 | CORSMiddleware, Depends(get_db), Depends(get_current_user)',
      'POST /api/v1/login/access-token | backend/app/api/routes/login.py:15 | fastapi | login_access_token backend/app/api/routes/login.py:16-22 | CORSMiddleware, Depends(get_db), Depends(OAuth2PasswordRequestForm)',
      'POST /api/v1/login/test-token | backend/app/api/routes/login.py:25 | fastapi | test_token backend/app/api/routes/login.py:26-27 | CORSMiddleware, Depends(get_current_user)',
      'POST /api/v1/password-recovery-html-content/{email} | backend/app/api/routes/login.py:36 | fastapi | recover_password_html_content backend/app/api/routes/login.py:41-42 | CORSMiddleware, Depends(get_current_active_superuser), Depends(get_db)',
      'POST /api/v1/password-recovery/{email} | backend/app/api/routes/login.py:30 | fastapi | recover_password backend/app/api/routes/login.py:31-33 | CORSMiddleware, Depends(get_db)',
      'POST /api/v1/private/users | backend/app/api/routes/private.py:20 | fastapi | create_user backend/app/api/routes/private.py:21-25 | CORSMiddleware, Depends(get_db)',
      'GET /api/v1/users | backend/app/api/routes/users.py:17 | fastapi | read_users backend/app/api/routes/users.py:22-23 | CORSMiddleware, Depends(get_current_active_superuser), Depends(get_db)',
      'POST /api/v1/users | backend/app/api/routes/users.py:26 | fastapi | create_user backend/app/api/routes/users.py:29-30 | CORSMiddleware, Depends(get_current_active_superuser), Depends(get_db)',
      'DELETE /api/v1/users/{user_id} | backend/app/api/routes/users.py:52 | fastapi | delete_user backend/app/api/routes/users.py:53-57 | CORSMiddleware, Depends(get_current_active_superuser), Depends(get_db), Depends(get_current_user)',
      'PATCH /api/v1/users/{user_id} | backend/app/api/routes/users.py:38 | fastapi | update_user backend/app/api/routes/users.py:43-49 | CORSMiddleware, Depends(get_current_active_superuser), Depends(get_db)',
      'GET /api/v1/users/me | backend/app/api/routes/users.py:33 | fastapi | read_user_me backend/app/api/routes/users.py:34-35 | CORSMiddleware, Depends(get_current_user)',
      'GET /api/v1/utils/health-check | backend/app/api/routes/utils.py:22 | fastapi | health_check backend/app/api/routes/utils.py:23-24 | CORSMiddleware',
      'POST /api/v1/utils/test-email | backend/app/api/routes/utils.py:11 | fastapi | test_email backend/app/api/routes/utils.py:16-19 | CORSMiddleware, Depends(get_current_active_superuser)',
    ]);
    expect(notesOf(routes)).toEqual(['"/api/v1" from Settings.API_V1_STR, the default in backend/app/core/config.py']);
    expect(routes.every((route) => route.partial === undefined && route.notes?.length === 1)).toBe(true);
    // Body models and required query parameters; path parameters and dependencies are not client inputs.
    expect(routes.filter((route) => route.requiredInputs).map((route) => `${route.method} ${route.path} ${route.requiredInputs!.join(',')}`)).toEqual([
      'POST /api/v1/items item_in',
      'PUT /api/v1/items/{id} item_in',
      'POST /api/v1/private/users user_in',
      'POST /api/v1/users user_in',
      'PATCH /api/v1/users/{user_id} user_in',
      'POST /api/v1/utils/test-email email_to',
    ]);
  });

  it('reads the RealWorld layout: app factory, settings from a cached factory, nested routers with prefixes holding parameters', async () => {
    const routes = await routesOf(fixtureFiles('fastapi/realworld'));
    expect(routes.map(row)).toEqual([
      'GET /api/articles | app/api/routes/articles/articles_resource.py:10 | fastapi | list_articles app/api/routes/articles/articles_resource.py:11-12 | CORSMiddleware, Depends(get_current_user_authorizer(required=False))',
      'POST /api/articles | app/api/routes/articles/articles_resource.py:15 | fastapi | create_new_article app/api/routes/articles/articles_resource.py:16-17 | CORSMiddleware, Depends(get_current_user_authorizer())',
      'DELETE /api/articles/{slug} | app/api/routes/articles/articles_resource.py:20 | fastapi | delete_article_by_slug app/api/routes/articles/articles_resource.py:27-28 | CORSMiddleware, Depends(check_article_modification_permissions), Depends(get_article_by_slug_from_path)',
      'GET /api/articles/{slug}/comments | app/api/routes/comments.py:8 | fastapi | list_comments_for_article app/api/routes/comments.py:9-10 | CORSMiddleware, Depends(get_article_by_slug_from_path)',
      'DELETE /api/articles/{slug}/comments/{comment_id} | app/api/routes/comments.py:13 | fastapi | delete_comment_from_article app/api/routes/comments.py:14-15 | CORSMiddleware, Depends(get_article_by_slug_from_path)',
      'POST /api/articles/{slug}/favorite | app/api/routes/articles/articles_common.py:18 | fastapi | mark_article_as_favorite app/api/routes/articles/articles_common.py:19-23 | CORSMiddleware, Depends(get_article_by_slug_from_path), Depends(get_current_user_authorizer())',
      'GET /api/articles/feed | app/api/routes/articles/articles_common.py:9 | fastapi | get_articles_for_user_feed app/api/routes/articles/articles_common.py:10-15 | CORSMiddleware, Depends(get_current_user_authorizer())',
      'GET /api/profiles/{username} | app/api/routes/profiles.py:6 | fastapi | retrieve_profile_by_username app/api/routes/profiles.py:7-8 | CORSMiddleware',
      'GET /api/tags | app/api/routes/tags.py:6 | fastapi | get_all_tags app/api/routes/tags.py:7-8 | CORSMiddleware',
      'GET /api/user | app/api/routes/users.py:8 | fastapi | retrieve_current_user app/api/routes/users.py:9-10 | CORSMiddleware, Depends(get_current_user_authorizer())',
      'PUT /api/user | app/api/routes/users.py:13 | fastapi | update_current_user app/api/routes/users.py:14-15 | CORSMiddleware, Depends(get_current_user_authorizer())',
      'POST /api/users | app/api/routes/authentication.py:11 | fastapi | register app/api/routes/authentication.py:12-13 | CORSMiddleware',
      'POST /api/users/login | app/api/routes/authentication.py:6 | fastapi | login app/api/routes/authentication.py:7-8 | CORSMiddleware',
    ]);
    expect(notesOf(routes)).toEqual(['"/api" from AppSettings.api_prefix, the default in app/core/settings/app.py']);
  });

  it('reads api_route, add_api_route, loops over routers, mounted sub-apps, parameter apps, orphans and run-time prefixes', async () => {
    const routes = await routesOf(fixtureFiles('fastapi/features'));
    expect(routes.map(row)).toEqual([
      'GET /api/items/v1/{item_id} | service/endpoints/items.py:6 | fastapi | read_item service/endpoints/items.py:7-8 | add_request_id, Depends(verify_token)',
      'PATCH /api/items/v1/{item_id} | service/endpoints/items.py:12 | fastapi | update_item service/endpoints/items.py:13-14 | add_request_id, Depends(verify_token)',
      'PUT /api/items/v1/{item_id} | service/endpoints/items.py:11 | fastapi | update_item service/endpoints/items.py:13-14 | add_request_id, Depends(verify_token)',
      'GET /api/users | service/endpoints/users.py:21 | fastapi | read_users service/endpoints/users.py:23-24 | add_request_id, Depends(verify_token), Depends(require_admin), limiter.limit("5/minute"), Security(get_current_user, scopes=["users:read"])',
      'HEAD /api/users | service/endpoints/users.py:21 | fastapi | read_users service/endpoints/users.py:23-24 | add_request_id, Depends(verify_token), Depends(require_admin), limiter.limit("5/minute"), Security(get_current_user, scopes=["users:read"])',
      'OPTIONS /api/users | service/endpoints/users.py:27 | fastapi | users_options service/endpoints/users.py:28-29 | add_request_id, Depends(verify_token), Depends(require_admin)',
      'GET /api/users/all | service/endpoints/users.py:32 | fastapi | list_users service/endpoints/users.py:17-18 | add_request_id, Depends(verify_token), Depends(require_admin)',
      'GET /extra | service/ops/extra.py:12 | fastapi | extra service/ops/extra.py:13-14 | -',
      'GET /internal/status | service/main.py:27 | fastapi | internal_status service/main.py:28-29 | add_request_id',
      'GET /ops/health | service/ops/health.py:6 | fastapi | health service/ops/health.py:7-8 | add_request_id, Depends(verify_token)',
      'GET /ops/metrics | service/ops/metrics.py:6 | fastapi | metrics service/ops/metrics.py:7-8 | add_request_id, Depends(verify_token)',
      'GET /orphan/ping | service/ops/extra.py:6 | fastapi | orphan_ping service/ops/extra.py:7-8 | - | partial',
      'GET /thing | service/main.py:38 | fastapi | dynamic_thing service/main.py:39-40 | add_request_id, Depends(verify_token) | partial',
    ]);
    expect(notesOf(routes)).toEqual([
      '"/api" from API_PREFIX, the default in service/main.py',
      'compute_prefix() is computed at run time',
      'router service/ops/extra.py:3 is not included in an app we could follow',
    ]);
  });

  it('takes a settings prefix from .env.example over the class default, and os.getenv defaults from code', async () => {
    const files = {
      '.env.example': 'API_V1_STR=/v9\n',
      'src/shop/config.py': 'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    API_V1_STR: str = "/api/v1"\n\nsettings = Settings()\n',
      'src/shop/main.py': [
        'import os',
        'from fastapi import FastAPI',
        'from shop.config import settings',
        'from shop.routes import router',
        '',
        'app = FastAPI()',
        'app.include_router(router, prefix=settings.API_V1_STR)',
        'app.include_router(router, prefix=os.environ.get("LEGACY_PREFIX", "/legacy"))',
        'app.include_router(router, prefix=os.environ["MISSING_PREFIX"])',
      ].join('\n'),
      'src/shop/routes.py': 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/orders")\n\n@router.get("/{order_id}")\nasync def get_order(order_id: int):\n    return {}\n',
    };
    const routes = await routesOf(files);
    expect(routes.map((route) => [route.path, route.partial ?? false, route.notes])).toEqual([
      ['/legacy/orders/{order_id}', false, ['"/legacy" from LEGACY_PREFIX, the default in src/shop/main.py']],
      ['/orders/{order_id}', true, ['MISSING_PREFIX has no default in the repository']],
      ['/v9/orders/{order_id}', false, ['"/v9" from Settings.API_V1_STR, the default in .env.example']],
    ]);
  });

  it('follows package re-exports, star imports, dotted module imports and project subclasses of APIRouter', async () => {
    const files = {
      'app/__init__.py': '',
      'app/api/__init__.py': 'from .v1 import *\n',
      'app/api/v1/__init__.py': 'from app.api.v1.router import api_router\n__all__ = ["api_router"]\n',
      'app/api/v1/router.py': [
        'import app.api.v1.endpoints.pets',
        'from app.core.routing import VersionedRouter',
        '',
        'api_router = VersionedRouter(prefix="/v1")',
        'api_router.include_router(app.api.v1.endpoints.pets.router, prefix="/pets")',
      ].join('\n'),
      'app/api/v1/endpoints/__init__.py': '',
      'app/api/v1/endpoints/pets.py': 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n@router.get("")\ndef list_pets():\n    return []\n\n@router.route("/{pet_id}", methods=["GET", "DELETE"])\ndef pet(request):\n    return None\n',
      'app/core/routing.py': 'from fastapi import APIRouter\n\nclass VersionedRouter(APIRouter):\n    pass\n',
      'app/main.py': 'from fastapi import FastAPI\nfrom app.api import api_router\n\napp = FastAPI()\napp.include_router(api_router)\n',
    };
    expect(await rowsOf(files)).toEqual([
      'GET /v1/pets | app/api/v1/endpoints/pets.py:5 | fastapi | list_pets app/api/v1/endpoints/pets.py:6-7 | -',
      'DELETE /v1/pets/{pet_id} | app/api/v1/endpoints/pets.py:9 | fastapi | pet app/api/v1/endpoints/pets.py:10-11 | -',
      'GET /v1/pets/{pet_id} | app/api/v1/endpoints/pets.py:9 | fastapi | pet app/api/v1/endpoints/pets.py:10-11 | -',
    ]);
  });

  it('reports the lines of stacked multi-line decorators in files with non-ASCII text', async () => {
    const files = {
      'app.py': [
        '"""Serviço de pedidos — versão 2."""',
        'from fastapi import FastAPI',
        '',
        'app = FastAPI()',
        '',
        '@app.get("/pedidos/{codigo}")',
        '@app.get(',
        '    "/orders/{code}",',
        ')',
        'def ler(codigo: str):',
        '    return {"código": codigo}',
      ].join('\n'),
    };
    expect(await rowsOf(files)).toEqual([
      'GET /orders/{code} | app.py:7 | fastapi | ler app.py:10-11 | -',
      'GET /pedidos/{codigo} | app.py:6 | fastapi | ler app.py:10-11 | -',
    ]);
  });

  it('invents no routes from HTTP clients, dictionaries, sessions or look-alike decorators', async () => {
    const files = {
      'svc/client.py': [
        'import requests',
        'import httpx',
        'from functools import lru_cache',
        'from fastapi import HTTPException',
        '',
        'session = requests.Session()',
        'cache = {}',
        '',
        'class Registry:',
        '    def get(self, path):',
        '        return path',
        '',
        'registry = Registry()',
        '',
        '@registry.get("/not-a-route")',
        'def handler():',
        '    return requests.get("https://example.com/users")',
        '',
        '@lru_cache()',
        'def fetch(client: httpx.Client):',
        '    cache.get("/x")',
        '    session.post("/y", json={})',
        '    return client.get("/users")',
      ].join('\n'),
    };
    expect(await routesOf(files)).toEqual([]);
  });

  it('keeps a route signature while the route is unchanged and changes it with its handler or its dependencies', async () => {
    const base = {
      'main.py': 'from fastapi import FastAPI, APIRouter, Depends\nfrom auth import auth\n\napp = FastAPI()\nrouter = APIRouter(dependencies=[Depends(auth)])\n\n@router.get("/a")\ndef a():\n    return 1\n\n@router.get("/b")\ndef b():\n    return 2\n\napp.include_router(router)\n',
      'auth.py': 'def auth():\n    return True\n',
    };
    const signatures = async (files: Record<string, string>): Promise<string[]> => (await routesOf(files)).map((route) => `${route.path} ${route.signature}`);
    const [a, b] = await signatures(base);
    expect(await signatures({ ...base })).toEqual([a, b]);
    const bodyChanged = await signatures({ ...base, 'main.py': base['main.py'].replace('return 2', 'return 3') });
    expect(bodyChanged[0]).toBe(a);
    expect(bodyChanged[1]).not.toBe(b);
    const movedDown = await signatures({ ...base, 'main.py': '# a comment\n' + base['main.py'] });
    expect(movedDown).toEqual([a, b]);
    const dependencyDropped = await signatures({ ...base, 'main.py': base['main.py'].replace('APIRouter(dependencies=[Depends(auth)])', 'APIRouter()') });
    expect(dependencyDropped[0]).not.toBe(a);
    expect(dependencyDropped[1]).not.toBe(b);
  });

  it('reads route decorators applied by hand to functions defined elsewhere', async () => {
    const files = {
      'service/main.py': [
        'from fastapi import APIRouter, Depends, FastAPI',
        'from service import handlers',
        'from service.auth import verify_token',
        '',
        'app = FastAPI()',
        'router = APIRouter(prefix="/jobs")',
        '',
        'app.get("/health")(handlers.health)',
        'router.post("", dependencies=[Depends(verify_token)])(handlers.create_job)',
        'router.api_route("/{job_id}", methods=["GET", "DELETE"])(handlers.job)',
        'app.include_router(router, prefix="/api")',
        'settings = {}',
        'settings.get("/not-a-route")',
      ].join('\n'),
      'service/handlers.py': [
        'async def health():',
        '    return {"ok": True}',
        '',
        'async def create_job():',
        '    return {}',
        '',
        'async def job(job_id: int):',
        '    return {}',
      ].join('\n'),
    };
    expect(await rowsOf(files)).toEqual([
      'POST /api/jobs | service/main.py:9 | fastapi | create_job service/handlers.py:4-5 | Depends(verify_token)',
      'DELETE /api/jobs/{job_id} | service/main.py:10 | fastapi | job service/handlers.py:7-8 | -',
      'GET /api/jobs/{job_id} | service/main.py:10 | fastapi | job service/handlers.py:7-8 | -',
      'GET /health | service/main.py:8 | fastapi | health service/handlers.py:1-2 | -',
    ]);
  });
  it('lists WebSocket endpoints with the method WS, as the Starlette extractor does', async () => {
    const files = {
      'app/main.py': [
        'from fastapi import APIRouter, FastAPI, WebSocket',
        '',
        'app = FastAPI()',
        'router = APIRouter(prefix="/chat")',
        '',
        '@router.websocket("/{room}")',
        'async def room(websocket: WebSocket, room: str):',
        '    await websocket.accept()',
        '',
        '@router.get("/rooms")',
        'async def rooms():',
        '    return []',
        '',
        'app.include_router(router, prefix="/api")',
      ].join('\n'),
    };
    expect(await rowsOf(files)).toEqual([
      'WS /api/chat/{room} | app/main.py:6 | fastapi | room app/main.py:7-8 | -',
      'GET /api/chat/rooms | app/main.py:10 | fastapi | rooms app/main.py:11-12 | -',
    ]);
  });
});
