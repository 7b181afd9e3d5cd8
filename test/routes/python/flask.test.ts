import { describe, expect, it } from '@jest/globals';
import { fixtureFiles, notesOf, routesOf, row, rowsOf } from './route-test-helpers.js';

describe('flask routes', () => {
  it('reads an app factory registering blueprints from other modules, with stacked rules and auth decorators', async () => {
    const routes = await routesOf(fixtureFiles('flask/microblog'));
    expect(routes.map(row)).toEqual([
      'GET / | app/main/routes.py:8 | flask | index app/main/routes.py:11-14 | login_required',
      'POST / | app/main/routes.py:8 | flask | index app/main/routes.py:11-14 | login_required',
      'DELETE /api/tokens | app/api/tokens.py:14 | flask | revoke_token app/api/tokens.py:16-19 | token_auth.login_required',
      'POST /api/tokens | app/api/tokens.py:6 | flask | get_token app/api/tokens.py:8-11 | basic_auth.login_required',
      'POST /api/users | app/api/users.py:15 | flask | create_user app/api/users.py:16-21 | -',
      'GET /api/users/{id} | app/api/users.py:9 | flask | get_user app/api/users.py:11-12 | token_auth.login_required',
      'PUT /api/users/{id} | app/api/users.py:24 | flask | update_user app/api/users.py:26-30 | token_auth.login_required',
      'GET /auth/login | app/auth/routes.py:10 | flask | login app/auth/routes.py:11-19 | -',
      'POST /auth/login | app/auth/routes.py:10 | flask | login app/auth/routes.py:11-19 | -',
      'GET /auth/logout | app/auth/routes.py:22 | flask | logout app/auth/routes.py:23-25 | -',
      'GET /auth/reset_password/{token} | app/auth/routes.py:28 | flask | reset_password app/auth/routes.py:29-34 | -',
      'POST /auth/reset_password/{token} | app/auth/routes.py:28 | flask | reset_password app/auth/routes.py:29-34 | -',
      'POST /follow/{username} | app/main/routes.py:23 | flask | follow app/main/routes.py:25-27 | login_required',
      'GET /index | app/main/routes.py:9 | flask | index app/main/routes.py:11-14 | login_required',
      'POST /index | app/main/routes.py:9 | flask | index app/main/routes.py:11-14 | login_required',
      'GET /user/{username} | app/main/routes.py:17 | flask | user app/main/routes.py:19-20 | login_required',
    ]);
    expect(notesOf(routes)).toEqual([]);
  });

  it('reads method decorators, MethodView classes, nested and re-prefixed blueprints, before_request hooks and flask-restful resources', async () => {
    const routes = await routesOf(fixtureFiles('flask/features'));
    expect(routes.map(row)).toEqual([
      'GET /api/v2/users | service/app.py:34 | flask | UserAPI.get service/views.py:9-10 | load_tenant, login_required',
      'POST /api/v2/users | service/app.py:34 | flask | UserAPI.post service/views.py:12-13 | load_tenant, login_required',
      'DELETE /api/v2/users/{user_id} | service/app.py:35 | flask | UserAPI.delete service/views.py:18-19 | load_tenant, login_required',
      'GET /api/v2/users/{user_id} | service/app.py:35 | flask | UserAPI.get service/views.py:9-10 | load_tenant, login_required',
      'PUT /api/v2/users/{user_id} | service/app.py:35 | flask | UserAPI.put service/views.py:15-16 | load_tenant, login_required',
      'GET /backoffice/stats | service/admin.py:13 | flask | stats service/admin.py:14-15 | load_tenant, require_admin',
      'GET /files/{filename} | service/app.py:22 | flask | files service/app.py:23-24 | load_tenant',
      'GET /health | service/app.py:17 | flask | health service/app.py:18-19 | load_tenant',
      'GET /items/{item_id} | service/app.py:36 | flask | ItemView.get service/views.py:23-24 | load_tenant',
      'PATCH /items/{item_id} | service/app.py:36 | flask | ItemView.patch service/views.py:26-27 | load_tenant',
      'GET /ping | service/app.py:37 | flask | ping service/views.py:30-31 | load_tenant',
      'GET /reports/daily | service/orphan.py:6 | flask | daily service/orphan.py:7-8 | - | partial',
      'GET /rest/todos | service/resources.py:27 | flask | TodoList.get service/resources.py:20-21 | load_tenant',
      'POST /rest/todos | service/resources.py:27 | flask | TodoList.post service/resources.py:23-24 | load_tenant',
      'DELETE /rest/todos/{todo_id} | service/resources.py:28 | flask | Todo.delete service/resources.py:15-16 | load_tenant, auth_required',
      'GET /rest/todos/{todo_id} | service/resources.py:28 | flask | Todo.get service/resources.py:12-13 | load_tenant, auth_required',
      'DELETE /sessions/{session_id} | service/app.py:27 | flask | end_session service/app.py:29-30 | load_tenant, jwt_required',
      'POST /v2/echo | service/v2.py:12 | flask | echo service/v2.py:13-14 | load_tenant',
      'GET /v2/users/{user_id} | service/v2.py:7 | flask | get_user_v2 service/v2.py:8-9 | load_tenant',
    ]);
    expect(notesOf(routes)).toEqual([
      '"/api/v2" from API_PREFIX, the default in .env.example',
      'blueprint service/orphan.py:3 is not registered on an app we could follow',
    ]);
  });

  it('reads flask-restx namespaces added to an API on a blueprint', async () => {
    expect(await rowsOf(fixtureFiles('flask/restx'))).toEqual([
      'GET /api/1/cats | api/cats.py:7 | flask | CatList.get api/cats.py:10-11 | -',
      'DELETE /api/1/cats/{id} | api/cats.py:14 | flask | Cat.delete api/cats.py:22-23 | token_required',
      'GET /api/1/cats/{id} | api/cats.py:14 | flask | Cat.get api/cats.py:19-20 | token_required',
      'POST /api/1/hounds | api/dogs.py:6 | flask | Dogs.post api/dogs.py:8-9 | -',
    ]);
  });

  it('follows a flask-restx namespace kept on a DTO class (`api = UserDto.api`, the restx boilerplate layout)', async () => {
    const files = {
      'app/__init__.py': 'from flask import Blueprint, Flask\nfrom flask_restx import Api\n\nfrom .user.controller import api as user_ns\n\nbp = Blueprint("api", __name__, url_prefix="/api")\napi = Api(bp)\napi.add_namespace(user_ns)\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n',
      'app/user/dto.py': 'from flask_restx import Namespace, fields\n\n\nclass UserDto:\n    api = Namespace("user", description="User related operations.")\n    user = api.model("User", {"username": fields.String})\n',
      'app/user/controller.py': 'from flask_restx import Resource\n\nfrom .dto import UserDto\n\napi = UserDto.api\n\n\n@api.route("/<string:username>")\nclass UserGet(Resource):\n    def get(self, username):\n        return {}\n',
    };
    expect(await rowsOf(files)).toEqual(['GET /api/user/{username} | app/user/controller.py:8 | flask | UserGet.get app/user/controller.py:10-11 | -']);
  });

  it('reads flask-smorest blueprints routed on MethodView classes, without schema decorators as middleware', async () => {
    expect(await rowsOf(fixtureFiles('flask/smorest'))).toEqual([
      'GET /v2/pets | pets/resources.py:10 | flask | Pets.get pets/resources.py:13-14 | -',
      'POST /v2/pets | pets/resources.py:10 | flask | Pets.post pets/resources.py:19-20 | jwt_required',
      'GET /v2/pets/{pet_id} | pets/resources.py:23 | flask | PetsById.get pets/resources.py:27-28 | jwt_required',
      'PATCH /v2/pets/{pet_id} | pets/resources.py:23 | flask | PetsById.patch pets/resources.py:30-31 | jwt_required',
    ]);
  });

  it('reads routes declared on an app passed as a parameter, blueprints registered in a loop, View classes with methods, and not the test client', async () => {
    const routes = await routesOf(fixtureFiles('flask/factory'));
    expect(routes.map(row)).toEqual([
      'GET /about | web/views.py:13 | flask | about web/views.py:14-15 | -',
      'POST /csv | web/reports.py:12 | flask | export_csv web/reports.py:13-14 | - | partial',
      'GET /health | web/health.py:6 | flask | health web/health.py:7-8 | -',
      'GET /reports/{name} | web/views.py:17 | flask | RenderReport.dispatch_request web/views.py:8-9 | -',
      'POST /reports/{name} | web/views.py:17 | flask | RenderReport.dispatch_request web/views.py:8-9 | -',
      'GET /reports/daily | web/reports.py:7 | flask | daily web/reports.py:8-9 | -',
      'HEAD /reports/daily | web/reports.py:7 | flask | daily web/reports.py:8-9 | -',
    ]);
    expect(notesOf(routes)).toEqual(['app.config["EXPORTS_PREFIX"] is computed at run time']);
  });

  it('follows blueprints made by factory functions', async () => {
    const files = {
      'app/__init__.py': [
        'from flask import Flask',
        'from app.api.v1 import create_blueprint_v1',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.register_blueprint(create_blueprint_v1(), url_prefix="/v1")',
        '    return app',
      ].join('\n'),
      'app/api/v1/__init__.py': [
        'from flask import Blueprint',
        '',
        'def create_blueprint_v1():',
        '    bp_v1 = Blueprint("v1", __name__)',
        '',
        '    @bp_v1.route("/ping")',
        '    def ping():',
        '        return "pong"',
        '',
        '    return bp_v1',
        '',
        'def make_admin():',
        '    return Blueprint("admin", __name__, url_prefix="/admin")',
        '',
        'admin_bp = make_admin()',
        '',
        '@admin_bp.get("/stats")',
        'def stats():',
        '    return {}',
      ].join('\n'),
    };
    expect(await rowsOf(files)).toEqual([
      'GET /admin/stats | app/api/v1/__init__.py:17 | flask | stats app/api/v1/__init__.py:18-19 | - | partial',
      'GET /v1/ping | app/api/v1/__init__.py:6 | flask | ping app/api/v1/__init__.py:7-8 | -',
    ]);
  });

  it('invents no routes from look-alike receivers', async () => {
    const files = {
      'tool.py': [
        'import requests',
        'from flask import Flask',
        'from werkzeug.routing import Map, Rule',
        '',
        'class Router:',
        '    def route(self, rule):',
        '        return lambda f: f',
        '',
        'router = Router()',
        'url_map = Map([Rule("/not-served")])',
        '',
        '@router.route("/not-flask")',
        'def not_flask():',
        '    return requests.get("https://example.com").text',
      ].join('\n'),
    };
    expect(await routesOf(files)).toEqual([]);
  });

  it('reads route decorators applied by hand, on an app handed to an extension\'s init_app and on a blueprint', async () => {
    const files = {
      'app/__init__.py': [
        'from flask import Flask',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    from . import extensions',
        '    extensions.init_app(app)',
        '    from .pages import pages',
        '    app.register_blueprint(pages, url_prefix="/pages")',
        '    return app',
      ].join('\n'),
      'app/extensions/__init__.py': [
        'from flask import current_app, send_from_directory',
        '',
        'def serve_swaggerui_assets(path):',
        '    return send_from_directory(current_app.config["STATIC_ROOT"], path)',
        '',
        'def init_app(app, **kwargs):',
        '    app.route("/swaggerui/<path:path>")(serve_swaggerui_assets)',
      ].join('\n'),
      'app/pages.py': [
        'from flask import Blueprint',
        'from flask_login import login_required',
        '',
        'pages = Blueprint("pages", __name__)',
        '',
        '@login_required',
        'def edit(page_id):',
        '    return ""',
        '',
        'pages.route("/<int:page_id>/edit", methods=["GET", "POST"])(edit)',
        'pages.delete("/<int:page_id>")(lambda page_id: "")',
        'cache = {}',
        'cache.get("/not-a-route")',
      ].join('\n'),
    };
    expect(await rowsOf(files)).toEqual([
      'DELETE /pages/{page_id} | app/pages.py:11 | flask | - | -',
      'GET /pages/{page_id}/edit | app/pages.py:10 | flask | edit app/pages.py:7-8 | login_required',
      'POST /pages/{page_id}/edit | app/pages.py:10 | flask | edit app/pages.py:7-8 | login_required',
      'GET /swaggerui/{path} | app/extensions/__init__.py:7 | flask | serve_swaggerui_assets app/extensions/__init__.py:3-4 | -',
    ]);
  });

  it('follows a project Api subclass whose helper method hands resources and rules to add_resource', async () => {
    const files = {
      'redash/handlers/__init__.py': [
        'from redash.handlers.api import api',
        'from redash.handlers.base import routes',
        '',
        'def init_app(app):',
        '    from redash.handlers import authentication',
        '    app.register_blueprint(routes)',
        '    api.init_app(app)',
      ].join('\n'),
      'redash/handlers/authentication.py': [
        'from flask_login import login_required',
        'from redash.handlers.base import org_scoped_rule, routes',
        '',
        '@routes.route(org_scoped_rule("/login"), methods=["GET", "POST"])',
        'def login(org_slug=None):',
        '    return ""',
        '',
        '@routes.route(org_scoped_rule("/api/session"), methods=["GET"])',
        '@login_required',
        'def session(org_slug=None):',
        '    return {}',
        '',
        '@routes.route(compute_rule(), methods=["GET"])',
        'def unknown():',
        '    return {}',
      ].join('\n'),
      'redash/handlers/base.py': [
        'from flask import Blueprint',
        'from flask_restful import Resource',
        'from redash import settings',
        '',
        'routes = Blueprint("redash", __name__)',
        '',
        'class BaseResource(Resource):',
        '    pass',
        '',
        'def org_scoped_rule(rule):',
        '    if settings.MULTI_ORG:',
        '        return "/<org_slug>{}".format(rule)',
        '',
        '    return rule',
      ].join('\n'),
      'redash/handlers/api.py': [
        'from flask_restful import Api',
        '',
        'from redash.handlers.alerts import AlertListResource, AlertResource',
        'from redash.handlers.base import org_scoped_rule',
        '',
        '',
        'class ApiExt(Api):',
        '    def add_org_resource(self, resource, *urls, **kwargs):',
        '        urls = [org_scoped_rule(url) for url in urls]',
        '        return self.add_resource(resource, *urls, **kwargs)',
        '',
        '',
        'api = ApiExt()',
        '',
        'api.add_org_resource(AlertResource, "/api/alerts/<alert_id>", endpoint="alert")',
        'api.add_org_resource(AlertListResource, "/api/alerts", "/api/alerts/all", endpoint="alerts")',
        'api.add_resource(AlertListResource, "/api/v2/alerts")',
      ].join('\n'),
      'redash/handlers/alerts.py': [
        'from redash.handlers.base import BaseResource',
        '',
        'class AlertResource(BaseResource):',
        '    def get(self, alert_id):',
        '        return {}',
        '',
        '    def delete(self, alert_id):',
        '        return None',
        '',
        'class AlertListResource(BaseResource):',
        '    def get(self):',
        '        return []',
      ].join('\n'),
    };
    const routes = await routesOf(files);
    expect(routes.map(row)).toEqual([
      'GET / | redash/handlers/authentication.py:13 | flask | unknown redash/handlers/authentication.py:14-15 | - | partial',
      'GET /api/alerts | redash/handlers/api.py:16 | flask | AlertListResource.get redash/handlers/alerts.py:11-12 | - | partial',
      'DELETE /api/alerts/{alert_id} | redash/handlers/api.py:15 | flask | AlertResource.delete redash/handlers/alerts.py:7-8 | - | partial',
      'GET /api/alerts/{alert_id} | redash/handlers/api.py:15 | flask | AlertResource.get redash/handlers/alerts.py:4-5 | - | partial',
      'GET /api/alerts/all | redash/handlers/api.py:16 | flask | AlertListResource.get redash/handlers/alerts.py:11-12 | - | partial',
      'GET /api/session | redash/handlers/authentication.py:8 | flask | session redash/handlers/authentication.py:10-11 | login_required | partial',
      'GET /api/v2/alerts | redash/handlers/api.py:17 | flask | AlertListResource.get redash/handlers/alerts.py:11-12 | -',
      'GET /login | redash/handlers/authentication.py:4 | flask | login redash/handlers/authentication.py:5-6 | - | partial',
      'POST /login | redash/handlers/authentication.py:4 | flask | login redash/handlers/authentication.py:5-6 | - | partial',
    ]);
    expect(notesOf(routes)).toEqual([
      'ApiExt.add_org_resource() may rewrite these rules before add_resource()',
      'compute_rule() is computed at run time',
      'org_scoped_rule() may rewrite "/api/session" at run time',
      'org_scoped_rule() may rewrite "/login" at run time',
    ]);
  });
});
