import { describe, expect, it } from '@jest/globals';
import { rowsOf } from './route-test-helpers.js';

describe('python route extractors on cyclic code', () => {
  it('survive routers, blueprints and URLconfs that include themselves, and name cycles', async () => {
    const files = {
      'api/main.py': [
        'from fastapi import APIRouter, FastAPI',
        'from api.loop import a, b',
        '',
        'app = FastAPI()',
        'router = APIRouter(prefix="/r")',
        'router.include_router(router)',
        'app.include_router(router)',
        '',
        '@router.get("/x")',
        'def x():',
        '    return 1',
      ].join('\n'),
      'api/loop.py': 'from api.loop2 import b as a\nb = a\n',
      'api/loop2.py': 'from api.loop import a as b\n',
      'web/app.py': [
        'from flask import Blueprint, Flask',
        '',
        'app = Flask(__name__)',
        'bp = Blueprint("bp", __name__, url_prefix="/bp")',
        'bp.register_blueprint(bp)',
        'app.register_blueprint(bp)',
        '',
        '@bp.route("/y")',
        'def y():',
        '    return ""',
      ].join('\n'),
      'site/settings.py': 'ROOT_URLCONF = "site.urls"\n',
      'site/urls.py': 'from django.urls import include, path\nfrom site import views\n\nurlpatterns = [path("again/", include("site.urls")), path("z/", views.z)]\n',
      'site/views.py': 'def z(request):\n    return None\n',
    };
    expect(await rowsOf(files)).toEqual([
      'GET /bp/y | web/app.py:8 | flask | y web/app.py:9-10 | -',
      'GET /r/x | api/main.py:9 | fastapi | x api/main.py:10-11 | -',
      'ANY /z | site/urls.py:4 | django | z site/views.py:1-2 | -',
    ]);
  });
});
