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

  it('keeps the patterns a project helper takes and hands back (urlpatterns = DebugToolbarSetup.do_urls(urlpatterns))', async () => {
    const files = {
      'config/django/base.py': 'ROOT_URLCONF = "config.urls"\n',
      'config/urls.py': [
        'from django.conf import settings',
        'from django.conf.urls.static import static',
        'from django.contrib import admin',
        'from django.urls import include, path',
        '',
        'urlpatterns = (',
        '    [',
        '        path("admin/", admin.site.urls),',
        '        path("api/", include(("shop.api.urls", "api"))),',
        '    ]',
        '    + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)',
        ')',
        '',
        'from config.debug_toolbar.setup import DebugToolbarSetup  # noqa',
        '',
        'urlpatterns = DebugToolbarSetup.do_urls(urlpatterns)',
      ].join('\n'),
      'config/debug_toolbar/setup.py': [
        'from django.urls import include, path',
        '',
        '',
        'class DebugToolbarSetup:',
        '    @staticmethod',
        '    def do_urls(urlpatterns):',
        '        import debug_toolbar  # noqa',
        '',
        '        return urlpatterns + [path("__debug__/", include(debug_toolbar.urls))]',
      ].join('\n'),
      'shop/api/urls.py': 'from django.urls import include, path\n\nurlpatterns = [path("orders/", include(("shop.orders.urls", "orders")))]\n',
      'shop/orders/urls.py': [
        'from django.urls import path',
        'from shop.orders import views',
        '',
        'urlpatterns = wrap_patterns([path("", views.order_list), path("<int:order_id>/", views.order_detail)])',
      ].join('\n'),
      'shop/orders/views.py': 'from django.http import HttpResponse\n\ndef order_list(request):\n    return HttpResponse("")\n\ndef order_detail(request, order_id):\n    return HttpResponse("")\n',
    };
    const routes = await routesOf(files);
    expect(routes.map(row)).toEqual([
      'ANY /api/orders | shop/orders/urls.py:4 | django | order_list shop/orders/views.py:3-4 | -',
      'ANY /api/orders/{order_id} | shop/orders/urls.py:4 | django | order_detail shop/orders/views.py:6-7 | -',
    ]);
    expect(notesOf(routes)).toEqual([]);
  });

  it('puts the language code in front of i18n_patterns() and leaves third-party and redirect-only URLconfs honest', async () => {
    const files = {
      'djangogirls/settings.py': 'ROOT_URLCONF = "djangogirls.urls"\nLANGUAGE_CODE = "en"\n',
      'djangogirls/urls.py': [
        'from django.conf import settings',
        'from django.conf.urls.i18n import i18n_patterns',
        'from django.contrib import admin',
        'from django.urls import include, path, re_path',
        'from django.views.generic.base import RedirectView',
        'from django.views.i18n import JavaScriptCatalog',
        '',
        'from core.views import coc_legacy',
        '',
        'urlpatterns = [',
        '    path("i18n/", include("django.conf.urls.i18n")),',
        '    re_path(r"^coc/(?:(?P<lang>[a-z-]+)/)?$", coc_legacy, name="coc_legacy"),',
        '    path("pages/coc/", RedirectView.as_view(url="/coc/", permanent=True)),',
        ']',
        '',
        'urlpatterns += i18n_patterns(',
        '    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),',
        '    path("tinymce/", include("tinymce.urls")),',
        '    path("admin/", admin.site.urls),',
        '    path("account/", include("django.contrib.auth.urls")),',
        '    path("jobs/", include("jobboard.urls")),',
        '    path("", include("core.urls")),',
        ')',
        '',
        'urlpatterns += i18n_patterns(path("shop/", include("jobboard.urls")), prefix_default_language=False)',
        '',
        'if settings.DEBUG:',
        '    try:',
        '        import debug_toolbar',
        '',
        '        urlpatterns = [',
        '            path("__debug__/", include(debug_toolbar.urls)),',
        '        ] + urlpatterns',
        '    except ImportError:',
        '        pass',
      ].join('\n'),
      'core/urls.py': [
        'from django.conf.urls import url',
        '',
        'from . import views',
        '',
        'urlpatterns = [',
        "    url(r'^(?P<city>[\\w\\d/]+)/$', views.event, name='event'),",
        "    url(r'^$', views.index, name='index'),",
        ']',
      ].join('\n'),
      'core/views.py': 'from django.shortcuts import render\n\ndef coc_legacy(request, lang=None):\n    return render(request, "coc.html")\n\ndef event(request, city):\n    return render(request, "event.html")\n\ndef index(request):\n    return render(request, "index.html")\n',
      'jobboard/urls.py': 'from django.urls import path\n\nfrom . import views\n\napp_name = "jobboard"\n\nurlpatterns = [\n    path("", views.index, name="index"),\n    path("job/<int:id>/", views.job_detail, name="job_detail"),\n]\n',
      'jobboard/views.py': 'from django.shortcuts import render\n\ndef index(request):\n    return render(request, "jobs.html")\n\ndef job_detail(request, id):\n    return render(request, "job.html")\n',
    };
    expect(await rowsOf(files)).toEqual([
      'ANY /{language_code} | core/urls.py:7 | django | index core/views.py:9-10 | -',
      'ANY /{language_code}/{city} | core/urls.py:6 | django | event core/views.py:6-7 | -',
      'ANY /{language_code}/jobs | jobboard/urls.py:8 | django | index jobboard/views.py:3-4 | -',
      'ANY /{language_code}/jobs/job/{id} | jobboard/urls.py:9 | django | job_detail jobboard/views.py:6-7 | -',
      'GET /{language_code}/jsi18n | djangogirls/urls.py:17 | django | - | -',
      'ANY /coc | djangogirls/urls.py:12 | django | coc_legacy core/views.py:3-4 | -',
      'ANY /pages/coc | djangogirls/urls.py:13 | django | - | -',
      'ANY /shop | jobboard/urls.py:8 | django | index jobboard/views.py:3-4 | -',
      'ANY /shop/job/{id} | jobboard/urls.py:9 | django | job_detail jobboard/views.py:6-7 | -',
    ]);
  });
});
