import { describe, expect, it } from '@jest/globals';
import { notesOf, routesOf, row } from './route-test-helpers.js';

/** Laid out like aiohttp's polls demo: setup_routes(app), an API sub-application built by a factory, route tables, class views. */
const POLLS: Record<string, string> = {
  'polls/settings.py': ['import os', '', 'API_PREFIX = os.environ.get("API_PREFIX", "/api")', ''].join('\n'),
  'polls/main.py': [
    'from aiohttp import web',
    '',
    'from polls.api import create_api_app',
    'from polls.middlewares import error_middleware',
    'from polls.routes import setup_routes',
    'from polls.settings import API_PREFIX',
    '',
    '',
    'def create_app() -> web.Application:',
    '    app = web.Application(middlewares=[error_middleware])',
    '    setup_routes(app)',
    '    app.add_subapp(API_PREFIX, create_api_app())',
    '    return app',
    '',
    '',
    'if __name__ == "__main__":',
    '    web.run_app(create_app())',
    '',
  ].join('\n'),
  'polls/middlewares.py': [
    'from aiohttp import web',
    '',
    '',
    '@web.middleware',
    'async def error_middleware(request, handler):',
    '    return await handler(request)',
    '',
    '',
    '@web.middleware',
    'async def auth_middleware(request, handler):',
    '    return await handler(request)',
    '',
  ].join('\n'),
  'polls/routes.py': [
    'from polls import views',
    '',
    '',
    'def setup_routes(app):',
    '    app.router.add_get("/", views.index)',
    '    app.router.add_get("/poll/{question_id}", views.poll, name="poll")',
    '    app.router.add_post("/poll/{question_id}/vote", views.vote, name="vote")',
    '    app.router.add_route("*", "/poll/{question_id}/results", views.results)',
    '',
  ].join('\n'),
  'polls/views.py': [
    'from aiohttp import web',
    '',
    'from polls.auth import login_required',
    '',
    '',
    'async def index(request):',
    '    return web.Response(text="polls")',
    '',
    '',
    'async def poll(request):',
    '    return web.json_response({})',
    '',
    '',
    '@login_required',
    'async def vote(request):',
    '    return web.json_response({})',
    '',
    '',
    'async def results(request):',
    '    return web.json_response({})',
    '',
  ].join('\n'),
  'polls/api/__init__.py': [
    'from aiohttp import web',
    '',
    'from polls.api.choices import ChoiceView, echo, stats',
    'from polls.api.questions import routes as question_routes',
    'from polls.middlewares import auth_middleware',
    '',
    '',
    'def create_api_app() -> web.Application:',
    '    api = web.Application(middlewares=[auth_middleware])',
    '    api.add_routes(question_routes)',
    '    api.router.add_view(r"/choices/{choice_id:\\d+}", ChoiceView)',
    '    api.add_routes([',
    '        web.get("/stats", stats),',
    '        web.route("*", "/echo", echo),',
    '    ])',
    '    return api',
    '',
  ].join('\n'),
  'polls/api/questions.py': [
    'from aiohttp import web',
    '',
    'from polls.auth import login_required',
    '',
    'routes = web.RouteTableDef()',
    '',
    '',
    '@routes.get("/questions")',
    'async def list_questions(request):',
    '    return web.json_response([])',
    '',
    '',
    '@routes.post("/questions")',
    '@login_required',
    'async def create_question(request):',
    '    return web.json_response({}, status=201)',
    '',
    '',
    '@routes.view("/questions/{question_id}")',
    'class QuestionView(web.View):',
    '    async def get(self):',
    '        return web.json_response({})',
    '',
    '    async def delete(self):',
    '        return web.json_response({})',
    '',
  ].join('\n'),
  'polls/api/choices.py': [
    'from aiohttp import web',
    '',
    '',
    'class ChoiceView(web.View):',
    '    async def get(self):',
    '        return web.json_response({})',
    '',
    '    async def patch(self):',
    '        return web.json_response({})',
    '',
    '',
    'async def stats(request):',
    '    return web.json_response({})',
    '',
    '',
    'async def echo(request):',
    '    return web.json_response({})',
    '',
  ].join('\n'),
};

/** A route table nothing adds, and a table shared by two applications. */
const TABLES: Record<string, string> = {
  'svc/app.py': [
    'from aiohttp import web',
    '',
    'from svc.handlers import routes',
    '',
    'public = web.Application()',
    'public.add_routes(routes)',
    'internal = web.Application()',
    'internal.router.add_routes(routes)',
    'public.add_subapp("/internal", internal)',
    '',
  ].join('\n'),
  'svc/handlers.py': [
    'from aiohttp import web',
    '',
    'routes = web.RouteTableDef()',
    'unused = web.RouteTableDef()',
    '',
    '',
    '@routes.get("/items/{id:\\d+}")',
    'async def item(request):',
    '    ...',
    '',
    '',
    '@unused.delete("/items/{id}")',
    'async def drop(request):',
    '    ...',
    '',
  ].join('\n'),
};

describe('aiohttp routes', () => {
  it('reads setup_routes, sub-applications from factories, route tables, web.get lists and class-based views', async () => {
    const routes = await routesOf(POLLS);
    expect(routes.map(row)).toEqual([
      // setup_routes(app) receives the main application: its routes hang at the root (its middlewares are not followed).
      'GET / | polls/routes.py:5 | aiohttp | index polls/views.py:6-7 | -',
      'GET /api/choices/{choice_id} | polls/api/__init__.py:11 | aiohttp | ChoiceView.get polls/api/choices.py:5-6 | error_middleware, auth_middleware',
      'PATCH /api/choices/{choice_id} | polls/api/__init__.py:11 | aiohttp | ChoiceView.patch polls/api/choices.py:8-9 | error_middleware, auth_middleware',
      'ANY /api/echo | polls/api/__init__.py:14 | aiohttp | echo polls/api/choices.py:16-17 | error_middleware, auth_middleware',
      'GET /api/questions | polls/api/questions.py:8 | aiohttp | list_questions polls/api/questions.py:9-10 | error_middleware, auth_middleware',
      'POST /api/questions | polls/api/questions.py:13 | aiohttp | create_question polls/api/questions.py:15-16 | error_middleware, auth_middleware, login_required',
      'DELETE /api/questions/{question_id} | polls/api/questions.py:19 | aiohttp | QuestionView.delete polls/api/questions.py:24-25 | error_middleware, auth_middleware',
      'GET /api/questions/{question_id} | polls/api/questions.py:19 | aiohttp | QuestionView.get polls/api/questions.py:21-22 | error_middleware, auth_middleware',
      'GET /api/stats | polls/api/__init__.py:13 | aiohttp | stats polls/api/choices.py:12-13 | error_middleware, auth_middleware',
      'GET /poll/{question_id} | polls/routes.py:6 | aiohttp | poll polls/views.py:10-11 | -',
      'ANY /poll/{question_id}/results | polls/routes.py:8 | aiohttp | results polls/views.py:19-20 | -',
      'POST /poll/{question_id}/vote | polls/routes.py:7 | aiohttp | vote polls/views.py:15-16 | login_required',
    ]);
    expect(notesOf(routes)).toEqual(['"/api" from API_PREFIX, the default in polls/settings.py']);
  });

  it('reads a table added to two applications and reports a table nothing adds as partial', async () => {
    const routes = await routesOf(TABLES);
    expect(routes.map(row)).toEqual([
      'GET /internal/items/{id} | svc/handlers.py:7 | aiohttp | item svc/handlers.py:8-9 | -',
      'DELETE /items/{id} | svc/handlers.py:12 | aiohttp | drop svc/handlers.py:13-14 | - | partial',
      'GET /items/{id} | svc/handlers.py:7 | aiohttp | item svc/handlers.py:8-9 | -',
    ]);
    expect(notesOf(routes)).toEqual(['route table svc/handlers.py:4 is not mounted in an app we could follow']);
  });

  it.each<{ name: string; files: Record<string, string>; rows: string[]; paths?: string[] }>([
    {
      name: 'a router taken from the app in a setup function, add_view and add_route("*") with a class view',
      files: {
        'a.py': 'from aiohttp import web\n\nclass V(web.View):\n    async def get(self): ...\n    async def put(self): ...\n\nasync def h(request): ...\n\ndef setup(app: web.Application):\n    router = app.router\n    router.add_put("/x/{id}", h)\n    router.add_route("*", "/v", V)\n\napp = web.Application()\nsetup(app)\n',
      },
      rows: ['GET /v | a.py:12 | aiohttp | V.get a.py:4-4 | -', 'PUT /v | a.py:12 | aiohttp | V.put a.py:5-5 | -', 'PUT /x/{id} | a.py:11 | aiohttp | h a.py:7-7 | -'],
    },
    {
      // Modelled on neuro-inc's platform-secrets: handler classes register on sub-apps built by async factories.
      name: 'a handler class whose register(self, app) receives a sub-application an async factory builds and awaits',
      files: {
        'svc/secrets.py': 'import aiohttp.web\n\nclass SecretsApiHandler:\n    def __init__(self, config):\n        self._config = config\n\n    def register(self, app: aiohttp.web.Application) -> None:\n        app.add_routes([\n            aiohttp.web.post("", self.handle_post),\n            aiohttp.web.delete("/{key}", self.handle_delete),\n        ])\n\n    async def handle_post(self, request): ...\n\n    async def handle_delete(self, request): ...\n',
        'svc/api.py': 'import aiohttp.web\n\nfrom .secrets import SecretsApiHandler\n\nasync def create_secrets_app(config):\n    app = aiohttp.web.Application()\n    handler = SecretsApiHandler(config)\n    handler.register(app)\n    return app\n\nasync def create_app(config):\n    app = aiohttp.web.Application()\n    api_v1_app = aiohttp.web.Application()\n    secrets_app = await create_secrets_app(config)\n    api_v1_app.add_subapp("/secrets", secrets_app)\n    app.add_subapp("/api/v1", api_v1_app)\n    return app\n',
      },
      // Lines are read (`aiohttp.web.post(…)` as `web.post(…)`); handlers written `self.handle_post` are not resolved yet.
      rows: ['POST /api/v1/secrets | svc/secrets.py:9 | aiohttp | - | -', 'DELETE /api/v1/secrets/{key} | svc/secrets.py:10 | aiohttp | - | -'],
    },
    {
      // Scopes are qualified by class (`ApiHandler.register`): each `register(self, app)` follows its own
      // class's call, so neither's routes land under the other's prefix.
      name: 'two handler classes of one file with a register(self, app) each: each class\'s routes under its own sub-app',
      files: {
        'svc/handlers.py': 'import aiohttp.web\n\nclass ApiHandler:\n    def register(self, app: aiohttp.web.Application) -> None:\n        app.add_routes([aiohttp.web.get("/ping", self.ping)])\n\n    async def ping(self, request): ...\n\nclass SecretsApiHandler:\n    def register(self, app: aiohttp.web.Application) -> None:\n        app.add_routes([aiohttp.web.post("", self.create)])\n\n    async def create(self, request): ...\n',
        'svc/api.py': 'import aiohttp.web\n\nfrom .handlers import ApiHandler, SecretsApiHandler\n\nasync def create_app():\n    app = aiohttp.web.Application()\n    api_v1_app = aiohttp.web.Application()\n    ApiHandler().register(api_v1_app)\n    secrets_app = aiohttp.web.Application()\n    SecretsApiHandler().register(secrets_app)\n    api_v1_app.add_subapp("/secrets", secrets_app)\n    app.add_subapp("/api/v1", api_v1_app)\n    return app\n',
      },
      rows: [],
      paths: ['GET /api/v1/ping', 'POST /api/v1/secrets'],
    },
    {
      // `self.register(admin_app)` in AdminHandler calls AdminHandler.register, not ApiHandler's namesake.
      name: 'a handler calling its own register(self, app) on self: only its class\'s routes under that app',
      files: {
        'svc/handlers.py': 'import aiohttp.web\n\nadmin_app = aiohttp.web.Application()\n\nclass ApiHandler:\n    def register(self, app: aiohttp.web.Application) -> None:\n        app.add_routes([aiohttp.web.get("/ping", self.ping)])\n\n    async def ping(self, request): ...\n\nclass AdminHandler:\n    def register(self, app: aiohttp.web.Application) -> None:\n        app.add_routes([aiohttp.web.get("/users", self.users)])\n\n    def install(self) -> None:\n        self.register(admin_app)\n\n    async def users(self, request): ...\n',
        'svc/api.py': 'import aiohttp.web\n\nfrom .handlers import AdminHandler, ApiHandler, admin_app\n\nasync def create_app():\n    app = aiohttp.web.Application()\n    api_app = aiohttp.web.Application()\n    ApiHandler().register(api_app)\n    AdminHandler().install()\n    app.add_subapp("/api", api_app)\n    app.add_subapp("/admin", admin_app)\n    return app\n',
      },
      rows: [],
      paths: ['GET /admin/users', 'GET /api/ping'],
    },
    {
      // Modelled on aiohttp-cors setups: resources made by the router, their routes added on the resource.
      name: 'routes added on resources: kept in a name, chained, and passed through cors.add()',
      files: {
        'server.py':
          'import aiohttp_cors\nfrom aiohttp import web\n\n\nasync def info(request): ...\n\n\nasync def random(request): ...\n\n\nasync def ping(request): ...\n\n\ndef build() -> web.Application:\n    app = web.Application()\n    cors = aiohttp_cors.setup(app)\n    inf = cors.add(app.router.add_resource("/info"))\n    cors.add(inf.add_route("GET", info))\n    rnd = app.router.add_resource("/random/{n}", name="random")\n    rnd.add_route("POST", random)\n    app.router.add_resource("/ping").add_route("*", ping)\n    return app\n',
      },
      rows: ['GET /info | server.py:18 | aiohttp | info server.py:5-5 | -', 'ANY /ping | server.py:21 | aiohttp | ping server.py:11-11 | -', 'POST /random/{n} | server.py:20 | aiohttp | random server.py:8-8 | -'],
    },
    {
      name: 'aiohttp used only as a client declares no routes',
      files: { 'c.py': 'import aiohttp\n\nasync def fetch(url):\n    async with aiohttp.ClientSession() as s:\n        return await s.get(url)\n' },
      rows: [],
    },
  ])('$name', async ({ files, rows, paths }) => {
    const routes = await routesOf(files);
    // `paths`: only method and path are pinned (the line and handler of routes listed inside a method are not read yet).
    if (paths) expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(paths);
    else expect(routes.map(row)).toEqual(rows);
  });
});
