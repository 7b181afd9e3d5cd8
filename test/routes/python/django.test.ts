import { describe, expect, it } from '@jest/globals';
import { fixtureFiles, notesOf, routesOf, row, rowsOf } from './route-test-helpers.js';

describe('django routes', () => {
  it('walks ROOT_URLCONF through string, module, list and tuple includes, with function and class-based views', async () => {
    const routes = await routesOf(fixtureFiles('django/mysite'));
    expect(routes.map(row)).toEqual([
      'GET / | src/mysite/urls.py:17 | django | - | -',
      'GET /accounts/login | src/mysite/urls.py:21 | django | - | -',
      'POST /accounts/login | src/mysite/urls.py:21 | django | - | -',
      'GET /api/v1/status | src/mysite/urls.py:12 | django | status src/polls/views.py:68-71 | -',
      'HEAD /api/v1/status | src/mysite/urls.py:12 | django | status src/polls/views.py:68-71 | -',
      'ANY /archive/{arg1} | src/mysite/urls.py:23 | django | year_archive src/polls/views.py:74-75 | -',
      'GET /blog | src/blog/urls.py:6 | django | PostList.get src/blog/views.py:8-9 | -',
      'GET /blog/{year}/{slug} | src/blog/urls.py:7 | django | post_detail src/blog/views.py:13-14 | -',
      'ANY /blog/feed | src/blog/urls.py:9 | django | feed src/blog/views.py:17-18 | -',
      'ANY /debug | src/mysite/urls.py:28 | django | debug_view src/polls/views.py:78-79 | -',
      'ANY /old | src/legacy/urls.py:6 | django | old_index src/legacy/views.py:4-5 | - | partial',
      'GET /polls | src/polls/urls.py:9 | django | IndexView.get src/polls/views.py:14-18 | -',
      'GET /polls/{pk} | src/polls/urls.py:10 | django | DetailView.get src/polls/views.py:21-22 | -',
      'GET /polls/{pk}/results | src/polls/urls.py:11 | django | ResultsView.get src/polls/views.py:25-26 | cache_page(60 * 15)',
      'POST /polls/{question_id}/vote | src/polls/urls.py:12 | django | vote src/polls/views.py:31-36 | login_required',
      'GET /polls/create | src/polls/urls.py:13 | django | QuestionCreate.get src/polls/views.py:39-42 | login_required, PermissionRequiredMixin',
      'POST /polls/create | src/polls/urls.py:13 | django | QuestionCreate.post src/polls/views.py:39-42 | login_required, PermissionRequiredMixin',
      'GET /polls/manage/{pk}/delete | src/polls/urls.py:19 | django | QuestionDelete.get src/polls/views.py:61-64 | LoginRequiredMixin',
      'POST /polls/manage/{pk}/delete | src/polls/urls.py:19 | django | QuestionDelete.post src/polls/views.py:61-64 | LoginRequiredMixin',
      'GET /polls/manage/{pk}/edit | src/polls/urls.py:18 | django | QuestionUpdate.get src/polls/views.py:51-52 | never_cache, LoginRequiredMixin',
      'POST /polls/manage/{pk}/edit | src/polls/urls.py:18 | django | QuestionUpdate.post src/polls/views.py:54-58 | never_cache, LoginRequiredMixin',
    ]);
    expect(notesOf(routes)).toEqual(['URLconf src/legacy/urls.py is not included from ROOT_URLCONF']);
  });

  it('reads Django 1.x URLconfs without settings: url() regexes, dotted-string views, optional groups, unnamed groups', async () => {
    const routes = await routesOf(fixtureFiles('django/legacy'));
    expect(routes.map(row)).toEqual([
      'ANY / | site/urls.py:6 | django | home shop/views.py:6-7 | -',
      'GET /api/{version}/products.json | shop/api_urls.py:6 | django | ProductApi.get shop/views.py:20-21 | -',
      'POST /api/{version}/products.json | shop/api_urls.py:6 | django | ProductApi.post shop/views.py:23-24 | -',
      'ANY /shop/cart | shop/urls.py:8 | django | cart shop/views.py:15-16 | login_required',
      'GET /shop/products/{arg1} | shop/urls.py:7 | django | product shop/views.py:11-12 | -',
    ]);
    expect(notesOf(routes)).toEqual(['no ROOT_URLCONF in the repository: site/urls.py taken as a root URLconf']);
  });

  it('reads a URLconf package that extends patterns imported from a sibling module', async () => {
    const files = {
      'config/settings/base.py': 'ROOT_URLCONF = "config.urls"\n',
      'config/urls/__init__.py': 'from django.urls import path\nfrom config.urls.base import urlpatterns\nfrom pages import views\n\nurlpatterns += [path("about/", views.about)]\n',
      'config/urls/base.py': 'from django.urls import path\nfrom pages import views\n\nurlpatterns = [path("", views.home)]\n',
      'pages/views.py': 'from django.http import HttpResponse\n\ndef home(request):\n    return HttpResponse("")\n\ndef about(request):\n    return HttpResponse("")\n',
    };
    expect(await rowsOf(files)).toEqual([
      'ANY / | config/urls/base.py:4 | django | home pages/views.py:3-4 | -',
      'ANY /about | config/urls/__init__.py:5 | django | about pages/views.py:6-7 | -',
    ]);
  });

  it('grows urlpatterns in place and leaves third-party includes, static files and the admin out', async () => {
    const files = {
      'proj/settings.py': 'ROOT_URLCONF = "proj.urls"\n',
      'proj/urls.py': [
        'from django.conf import settings',
        'from django.conf.urls.static import static',
        'from django.contrib import admin',
        'from django.urls import include, path',
        'from proj import views',
        '',
        'urlpatterns = [path("admin/", admin.site.urls), path("accounts/", include("allauth.urls"))]',
        'urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)',
        'urlpatterns.append(path("ping/", views.ping))',
        'urlpatterns.insert(0, path("", views.index))',
        'urlpatterns.extend([path("about/", views.about)])',
      ].join('\n'),
      'proj/views.py': 'from django.http import HttpResponse\n\ndef ping(request):\n    return HttpResponse("pong")\n\ndef index(request):\n    return HttpResponse("")\n\ndef about(request):\n    return HttpResponse("")\n',
    };
    expect(await rowsOf(files)).toEqual([
      'ANY / | proj/urls.py:10 | django | index proj/views.py:6-7 | -',
      'ANY /about | proj/urls.py:11 | django | about proj/views.py:9-10 | -',
      'ANY /ping | proj/urls.py:9 | django | ping proj/views.py:3-4 | -',
    ]);
  });
});
