import { describe, expect, it } from '@jest/globals';
import { fixtureFiles, notesOf, routesOf, row, rowsOf } from './route-test-helpers.js';

describe('django rest framework routes', () => {
  it('reads the RealWorld conduit API: DefaultRouter with a mixin viewset, generic views and API views under include prefixes, default authentication from settings', async () => {
    const routes = await routesOf(fixtureFiles('drf/conduit'));
    expect(routes.map(row)).toEqual([
      'GET /api | conduit/apps/articles/urls.py:10 | drf | - | -',
      'GET /api/articles | conduit/apps/articles/urls.py:11 | drf | ArticleViewSet.list conduit/apps/articles/views.py:29-31 | JWTAuthentication, IsAuthenticatedOrReadOnly',
      'POST /api/articles | conduit/apps/articles/urls.py:11 | drf | ArticleViewSet.create conduit/apps/articles/views.py:23-27 | JWTAuthentication, IsAuthenticatedOrReadOnly',
      'GET /api/articles/{article_slug}/comments | conduit/apps/articles/urls.py:19 | drf | CommentsListCreateAPIView.get conduit/apps/articles/views.py:44-55 | JWTAuthentication, IsAuthenticatedOrReadOnly',
      'POST /api/articles/{article_slug}/comments | conduit/apps/articles/urls.py:19 | drf | CommentsListCreateAPIView.create conduit/apps/articles/views.py:51-55 | JWTAuthentication, IsAuthenticatedOrReadOnly',
      'DELETE /api/articles/{article_slug}/comments/{comment_pk} | conduit/apps/articles/urls.py:22 | drf | CommentsDestroyAPIView.delete conduit/apps/articles/views.py:58-61 | JWTAuthentication, IsAuthenticatedOrReadOnly',
      'DELETE /api/articles/{article_slug}/favorite | conduit/apps/articles/urls.py:16 | drf | ArticlesFavoriteAPIView.delete conduit/apps/articles/views.py:68-71 | JWTAuthentication, IsAuthenticated',
      'POST /api/articles/{article_slug}/favorite | conduit/apps/articles/urls.py:16 | drf | ArticlesFavoriteAPIView.post conduit/apps/articles/views.py:73-76 | JWTAuthentication, IsAuthenticated',
      'GET /api/articles/{slug} | conduit/apps/articles/urls.py:11 | drf | ArticleViewSet.retrieve conduit/apps/articles/views.py:13-41 | JWTAuthentication, IsAuthenticatedOrReadOnly',
      'PUT /api/articles/{slug} | conduit/apps/articles/urls.py:11 | drf | ArticleViewSet.update conduit/apps/articles/views.py:33-41 | JWTAuthentication, IsAuthenticatedOrReadOnly',
      'GET /api/profiles/{username} | conduit/apps/profiles/urls.py:6 | drf | ProfileRetrieveAPIView.retrieve conduit/apps/profiles/views.py:17-22 | JWTAuthentication, AllowAny',
      'DELETE /api/profiles/{username}/follow | conduit/apps/profiles/urls.py:7 | drf | ProfileFollowAPIView.delete conduit/apps/profiles/views.py:29-32 | JWTAuthentication, IsAuthenticated',
      'POST /api/profiles/{username}/follow | conduit/apps/profiles/urls.py:7 | drf | ProfileFollowAPIView.post conduit/apps/profiles/views.py:34-37 | JWTAuthentication, IsAuthenticated',
      'GET /api/tags | conduit/apps/articles/urls.py:25 | drf | TagListAPIView.list conduit/apps/articles/views.py:85-87 | JWTAuthentication, AllowAny',
      'GET /api/user | conduit/apps/authentication/urls.py:8 | drf | UserRetrieveUpdateAPIView.retrieve conduit/apps/authentication/views.py:36-38 | JWTAuthentication, IsAuthenticated',
      'PATCH /api/user | conduit/apps/authentication/urls.py:8 | drf | UserRetrieveUpdateAPIView.update conduit/apps/authentication/views.py:40-44 | JWTAuthentication, IsAuthenticated',
      'PUT /api/user | conduit/apps/authentication/urls.py:8 | drf | UserRetrieveUpdateAPIView.update conduit/apps/authentication/views.py:40-44 | JWTAuthentication, IsAuthenticated',
      'POST /api/users | conduit/apps/authentication/urls.py:9 | drf | RegistrationAPIView.post conduit/apps/authentication/views.py:15-19 | JWTAuthentication, AllowAny',
      'POST /api/users/login | conduit/apps/authentication/urls.py:10 | drf | LoginAPIView.post conduit/apps/authentication/views.py:26-29 | JWTAuthentication, AllowAny',
    ]);
    expect(notesOf(routes)).toEqual([]);
  });

  it('reads model viewsets through project base classes, extra actions with mappings, nested routers, hand-bound viewsets, simplejwt views and REST_FRAMEWORK default policies', async () => {
    const routes = await routesOf(fixtureFiles('drf/shop'));
    expect(routes.map(row)).toEqual([
      'GET /api | catalog/urls.py:7 | drf | - | -',
      'GET /api/carts/{cart_id} | orders/urls.py:11 | drf | CartView.get orders/views.py:44-45 | AllowAny',
      'PUT /api/carts/{cart_id} | orders/urls.py:11 | drf | CartView.put orders/views.py:47-49 | AllowAny',
      'GET /api/categories | catalog/urls.py:9 | drf | CategoryViewSet.list catalog/views.py:36-38 | IsAuthenticated',
      'GET /api/categories/{pk} | catalog/urls.py:9 | drf | CategoryViewSet.retrieve catalog/views.py:36-38 | IsAuthenticated',
      'GET /api/health | shop/urls.py:11 | drf | health core/views.py:6-7 | IsAuthenticated',
      'GET /api/orders | orders/urls.py:7 | drf | OrderViewSet.list orders/views.py:17-18 | TokenAuthentication, IsAuthenticated',
      'POST /api/orders | orders/urls.py:7 | drf | OrderViewSet.create orders/views.py:20-21 | TokenAuthentication, IsAuthenticated',
      'GET /api/orders/{order_id} | orders/urls.py:7 | drf | OrderViewSet.retrieve orders/views.py:23-24 | TokenAuthentication, IsAuthenticated',
      'PATCH /api/orders/{order_id} | orders/urls.py:7 | drf | OrderViewSet.partial_update orders/views.py:26-28 | TokenAuthentication, IsAuthenticated',
      'POST /api/orders/{pk}/cancel | orders/urls.py:10 | drf | cancel_order orders/views.py:36-38 | IsAuthenticated',
      'GET /api/products | catalog/urls.py:8 | drf | ProductViewSet.list catalog/views.py:11-33 | IsAdminUser, UserRateThrottle',
      'POST /api/products | catalog/urls.py:8 | drf | ProductViewSet.create catalog/views.py:11-33 | IsAdminUser, UserRateThrottle',
      'GET /api/products/{product_sku}/reviews | catalog/urls.py:12 | drf | ReviewViewSet.list catalog/views.py:41-46 | permissions.IsAuthenticatedOrReadOnly',
      'POST /api/products/{product_sku}/reviews | catalog/urls.py:12 | drf | ReviewViewSet.create catalog/views.py:41-46 | permissions.IsAuthenticatedOrReadOnly',
      'DELETE /api/products/{product_sku}/reviews/{pk} | catalog/urls.py:12 | drf | ReviewViewSet.destroy catalog/views.py:41-46 | permissions.IsAuthenticatedOrReadOnly',
      'DELETE /api/products/{sku} | catalog/urls.py:8 | drf | BaseViewSet.destroy core/viewsets.py:12-16 | IsAdminUser, UserRateThrottle',
      'GET /api/products/{sku} | catalog/urls.py:8 | drf | ProductViewSet.retrieve catalog/views.py:11-33 | IsAdminUser, UserRateThrottle',
      'PATCH /api/products/{sku} | catalog/urls.py:8 | drf | ProductViewSet.partial_update catalog/views.py:11-33 | IsAdminUser, UserRateThrottle',
      'PUT /api/products/{sku} | catalog/urls.py:8 | drf | ProductViewSet.update catalog/views.py:11-33 | IsAdminUser, UserRateThrottle',
      'POST /api/products/{sku}/add-to-cart | catalog/urls.py:8 | drf | ProductViewSet.add_to_cart catalog/views.py:17-19 | permissions.IsAuthenticated, UserRateThrottle',
      'DELETE /api/products/{sku}/favorite | catalog/urls.py:8 | drf | ProductViewSet.unfavorite catalog/views.py:31-33 | IsAdminUser, UserRateThrottle',
      'PUT /api/products/{sku}/favorite | catalog/urls.py:8 | drf | ProductViewSet.favorite catalog/views.py:26-28 | IsAdminUser, UserRateThrottle',
      'GET /api/products/featured | catalog/urls.py:8 | drf | ProductViewSet.featured catalog/views.py:22-23 | IsAdminUser, UserRateThrottle',
      'GET /api/reports | orders/urls.py:12 | drf | ReportViewSet.list orders/views.py:55-56 | IsAdminUser',
      'POST /api/token | shop/urls.py:9 | drf | - | -',
      'POST /api/token/refresh | shop/urls.py:10 | drf | - | -',
    ]);
    expect(notesOf(routes)).toEqual([]);
  });

  it('reads router URLs used as urlpatterns, http_method_names, regex action paths, @api_view policies, and marks unresolved viewsets', async () => {
    const routes = await routesOf(fixtureFiles('drf/notes'));
    expect(routes.map(row)).toEqual([
      'GET /v1/notes | notes/urls.py:8 | drf | NoteViewSet.list notes/views.py:9-14 | -',
      'POST /v1/notes | notes/urls.py:8 | drf | NoteViewSet.create notes/views.py:9-14 | -',
      'DELETE /v1/notes/{pk} | notes/urls.py:8 | drf | NoteViewSet.destroy notes/views.py:9-14 | -',
      'GET /v1/notes/{pk} | notes/urls.py:8 | drf | NoteViewSet.retrieve notes/views.py:9-14 | -',
      'GET /v1/notes/by-tag/{tag} | notes/urls.py:8 | drf | NoteViewSet.by_tag notes/views.py:13-14 | -',
      'ANY /v1/plugins | plugins/urls.py:6 | drf | - | -',
      'ANY /v1/plugins/{pk} | plugins/urls.py:6 | drf | - | -',
      'GET /v1/search | notes/urls.py:12 | drf | search notes/views.py:21-22 | SessionAuthentication, IsAuthenticated, AnonRateThrottle',
      'POST /v1/search | notes/urls.py:12 | drf | search notes/views.py:21-22 | SessionAuthentication, IsAuthenticated, AnonRateThrottle',
    ]);
    expect(notesOf(routes)).toEqual(['viewset PluginViewSet could not be resolved']);
  });

  it('reads nested tuple includes of pattern lists grown in place, and policies from a project mixin', async () => {
    const files = {
      'proj/settings.py': [
        'ROOT_URLCONF = "proj.urls"',
        'FILE_UPLOAD_STORAGE = "local"',
      ].join('\n'),
      'proj/urls.py': [
        'from django.urls import include, path',
        '',
        'urlpatterns = [path("api/", include("files.urls"))]',
      ].join('\n'),
      'files/urls.py': [
        'from django.conf import settings',
        'from django.urls import include, path',
        '',
        'from files.apis import FinishApi, LocalApi, StandardApi, StartApi',
        '',
        'direct_upload_urls = [',
        '    path("start/", StartApi.as_view(), name="start"),',
        '    path("finish/", FinishApi.as_view(), name="finish"),',
        ']',
        '',
        'if settings.FILE_UPLOAD_STORAGE == "local":',
        '    direct_upload_urls.append(path("local/<str:file_id>/", LocalApi.as_view(), name="local"))',
        '',
        'urlpatterns = [',
        '    path(',
        '        "upload/",',
        '        include(([',
        '            path("standard/", StandardApi.as_view(), name="standard"),',
        '            path("direct/", include((direct_upload_urls, "direct"))),',
        '        ], "upload")),',
        '    )',
        ']',
      ].join('\n'),
      'files/apis.py': [
        'from rest_framework.views import APIView',
        '',
        'from api.mixins import ApiAuthMixin',
        '',
        '',
        'class StandardApi(ApiAuthMixin, APIView):',
        '    def post(self, request):',
        '        return None',
        '',
        '',
        'class StartApi(ApiAuthMixin, APIView):',
        '    def post(self, request):',
        '        return None',
        '',
        '',
        'class FinishApi(ApiAuthMixin, APIView):',
        '    def post(self, request):',
        '        return None',
        '',
        '',
        'class LocalApi(ApiAuthMixin, APIView):',
        '    def post(self, request, file_id):',
        '        return None',
      ].join('\n'),
      'api/mixins.py': [
        'from rest_framework.permissions import IsAuthenticated',
        'from rest_framework_simplejwt.authentication import JWTAuthentication',
        '',
        '',
        'class ApiAuthMixin:',
        '    authentication_classes = (JWTAuthentication, )',
        '    permission_classes = (IsAuthenticated, )',
      ].join('\n'),
    };
    expect(await rowsOf(files)).toEqual([
      'POST /api/upload/direct/finish | files/urls.py:8 | drf | FinishApi.post files/apis.py:17-18 | JWTAuthentication, IsAuthenticated',
      'POST /api/upload/direct/local/{file_id} | files/urls.py:12 | drf | LocalApi.post files/apis.py:22-23 | JWTAuthentication, IsAuthenticated',
      'POST /api/upload/direct/start | files/urls.py:7 | drf | StartApi.post files/apis.py:12-13 | JWTAuthentication, IsAuthenticated',
      'POST /api/upload/standard | files/urls.py:18 | drf | StandardApi.post files/apis.py:7-8 | JWTAuthentication, IsAuthenticated',
    ]);
  });

  it('reads schema views built by get_schema_view (DRF, drf-yasg with_ui/without_ui) as GET, and leaves views of unknown factories ANY', async () => {
    const files = {
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\n',
      'site_conf/settings.py': 'ROOT_URLCONF = "site_conf.urls"\n',
      'site_conf/urls.py': [
        'from django.conf.urls import include, url',
        'from django.urls import path, re_path',
        'from drf_yasg import openapi',
        'from drf_yasg.views import get_schema_view',
        'from rest_framework.schemas import get_schema_view as drf_schema_view',
        'from thirdparty.views import make_view',
        '',
        'schema_view = get_schema_view(openapi.Info(title="API", default_version="v1"), public=True)',
        'api_schema = drf_schema_view(title="Music API")',
        '',
        'urlpatterns = [',
        '    re_path(r"^swagger(?P<format>\\.json|\\.yaml)$", schema_view.without_ui(cache_timeout=0)),',
        '    path("swagger/", schema_view.with_ui("swagger", cache_timeout=0)),',
        '    url(r"api/", include("site_conf.api_routes")),',
        '    path("other/", make_view()),',
        ']',
      ].join('\n'),
      'site_conf/api_routes.py': [
        'from django.conf.urls import url',
        'from rest_framework.schemas import get_schema_view',
        '',
        "schema_view = get_schema_view(title='Lamusitheque API')",
        '',
        "urlpatterns = [url(r'schema/', schema_view)]",
      ].join('\n'),
    };
    expect(await rowsOf(files)).toEqual([
      'GET /api/schema | site_conf/api_routes.py:6 | drf | - | -',
      'ANY /other | site_conf/urls.py:15 | django | - | -',
      'GET /swagger | site_conf/urls.py:13 | drf | - | -',
      'GET /swagger{format} | site_conf/urls.py:12 | drf | - | -',
    ]);
  });
});
