import { describe, expect, it } from '@jest/globals';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { diffRoutes } from '../../../src/core/routes/diff-routes.js';
import { fixtureFiles, fixtureTree, withoutSignatures } from './fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from './route-builders.js';
import { MemoryTree } from '../../../src/core/change-source.js';

const spring = (expected: ExpectedRoute) => expectedRoute('spring', expected);

describe('Spring MVC annotations: a RealWorld-style blog', () => {
  const api = 'src/main/java/io/blog/api/';
  // application.properties sets the servlet context path: every URL a client calls starts with it.
  const contextPath = ['server.servlet.context-path = /blog (src/main/resources/application.properties)'];

  it('finds every controller route with class prefixes, constants, path arrays and security annotations', async () => {
    const map = await buildRouteMap(fixtureTree('java/spring-blog'));
    expect(map.skipped).toEqual([]);
    expect(withoutSignatures(map.routes)).toEqual([
      spring({
        method: 'ANY', path: '/blog/admin/ping', file: `${api}admin/AdminController.java`, line: 28, handler: ['AdminController.ping', 28, 32], notes: contextPath,
        middleware: [`@PreAuthorize("hasRole('ADMIN')")`],
      }),
      spring({
        method: 'GET', path: '/blog/admin/stats/{day}', file: `${api}admin/AdminController.java`, line: 22, handler: ['AdminController.dailyStats', 21, 26], notes: contextPath,
        middleware: [`@PreAuthorize("hasRole('ADMIN')")`, '@Secured("ROLE_SUPER")'],
      }),
      spring({ method: 'GET', path: '/blog/api/tags', file: `${api}TagsApi.java`, line: 19, handler: ['TagsApi.getTags', 19, 22], notes: contextPath }),
      spring({ method: 'GET', path: '/blog/api/tags/popular/{limit}', file: `${api}TagsApi.java`, line: 24, handler: ['TagsApi.popularTags', 24, 27], notes: contextPath }),
      spring({ method: 'GET', path: '/blog/articles', file: `${api}ArticlesApi.java`, line: 41, handler: ['ArticlesApi.getArticles', 41, 49], notes: contextPath }),
      spring({
        method: 'POST', path: '/blog/articles', file: `${api}ArticlesApi.java`, line: 26, handler: ['ArticlesApi.createArticle', 26, 31], notes: contextPath,
        requiredInputs: ['title', 'description', 'body'],
      }),
      spring({
        method: 'DELETE', path: '/blog/articles/{slug}', file: `${api}ArticleApi.java`, line: 33, handler: ['ArticleApi.deleteArticle', 32, 37], notes: contextPath,
        middleware: ['@PreAuthorize("isAuthenticated()")'],
      }),
      spring({ method: 'GET', path: '/blog/articles/{slug}', file: `${api}ArticleApi.java`, line: 19, handler: ['ArticleApi.article', 19, 22], notes: contextPath }),
      spring({ method: 'PUT', path: '/blog/articles/{slug}', file: `${api}ArticleApi.java`, line: 24, handler: ['ArticleApi.updateArticle', 24, 30], notes: contextPath }),
      spring({ method: 'GET', path: '/blog/articles/{slug}/comments', file: `${api}CommentsApi.java`, line: 27, handler: ['CommentsApi.getComments', 27, 30], notes: contextPath }),
      spring({ method: 'POST', path: '/blog/articles/{slug}/comments', file: `${api}CommentsApi.java`, line: 22, handler: ['CommentsApi.createComment', 22, 25], notes: contextPath }),
      spring({ method: 'DELETE', path: '/blog/articles/{slug}/comments/{id}', file: `${api}CommentsApi.java`, line: 32, handler: ['CommentsApi.deleteComment', 32, 36], notes: contextPath }),
      spring({ method: 'GET', path: '/blog/articles/feed', file: `${api}ArticlesApi.java`, line: 33, handler: ['ArticlesApi.getFeed', 33, 39], notes: contextPath }),
      spring({ method: 'GET', path: '/blog/people/{username}', file: `${api}ProfileApi.java`, line: 21, handler: ['ProfileApi.getProfile', 21, 24], notes: contextPath }),
      spring({ method: 'DELETE', path: '/blog/people/{username}/follow', file: `${api}ProfileApi.java`, line: 31, handler: ['ProfileApi.unfollow', 31, 34], notes: contextPath }),
      spring({ method: 'POST', path: '/blog/people/{username}/follow', file: `${api}ProfileApi.java`, line: 26, handler: ['ProfileApi.follow', 26, 29], notes: contextPath }),
      spring({ method: 'GET', path: '/blog/profiles/{username}', file: `${api}ProfileApi.java`, line: 21, handler: ['ProfileApi.getProfile', 21, 24], notes: contextPath }),
      spring({ method: 'DELETE', path: '/blog/profiles/{username}/follow', file: `${api}ProfileApi.java`, line: 31, handler: ['ProfileApi.unfollow', 31, 34], notes: contextPath }),
      spring({ method: 'POST', path: '/blog/profiles/{username}/follow', file: `${api}ProfileApi.java`, line: 26, handler: ['ProfileApi.follow', 26, 29], notes: contextPath }),
      spring({
        method: 'POST', path: '/blog/users', file: `${api}UsersApi.java`, line: 21, handler: ['UsersApi.createUser', 21, 24], notes: contextPath,
        requiredInputs: ['email', 'username', 'password'],
      }),
      spring({ method: 'POST', path: '/blog/users/login', file: `${api}UsersApi.java`, line: 26, handler: ['UsersApi.userLogin', 26, 29], notes: contextPath, requiredInputs: ['email', 'password'] }),
    ]);
  });

  it('marks a route modified when its handler body changes, and leaves the others unchanged', async () => {
    const files = fixtureFiles('java/spring-blog');
    const path = `${api}TagsApi.java`;
    const base = await buildRouteMap(new MemoryTree('base', files));
    const head = await buildRouteMap(
      new MemoryTree('head', { ...files, [path]: files[path]!.replace('tagsQueryService.allTags()', 'tagsQueryService.allTags(100)') }),
    );
    const changed = diffRoutes(base.routes, head.routes).filter((change) => change.kind !== 'unchanged');
    expect(changed.map((change) => [change.kind, change.route.method, change.route.path])).toEqual([['modified', 'GET', '/blog/api/tags']]);
  });

  it('marks the routes under a controller modified when a class-level security annotation is added', async () => {
    const files = fixtureFiles('java/spring-blog');
    const path = `${api}CommentsApi.java`;
    const base = await buildRouteMap(new MemoryTree('base', files));
    const head = await buildRouteMap(
      new MemoryTree('head', { ...files, [path]: files[path]!.replace('@RestController\n', '@RestController\n@PreAuthorize("isAuthenticated()")\n') }),
    );
    const changed = diffRoutes(base.routes, head.routes).filter((change) => change.kind !== 'unchanged');
    expect(changed.map((change) => [change.kind, change.route.method, change.route.path, change.route.middleware])).toEqual([
      ['modified', 'GET', '/blog/articles/{slug}/comments', ['@PreAuthorize("isAuthenticated()")']],
      ['modified', 'POST', '/blog/articles/{slug}/comments', ['@PreAuthorize("isAuthenticated()")']],
      ['modified', 'DELETE', '/blog/articles/{slug}/comments/{id}', ['@PreAuthorize("isAuthenticated()")']],
    ]);
  });

  it('follows a constant changed in another file into the paths that use it', async () => {
    const files = fixtureFiles('java/spring-blog');
    const path = `${api}support/ApiPaths.java`;
    const head = await buildRouteMap(new MemoryTree('head', { ...files, [path]: files[path]!.replace('"/api"', '"/api/v2"') }));
    expect(head.routes.filter((route) => route.file.endsWith('TagsApi.java')).map((route) => route.path)).toEqual([
      '/blog/api/v2/tags',
      '/blog/api/v2/tags/popular/{limit}',
    ]);
  });
});

describe('Spring MVC annotations: generated API interfaces, base controllers and placeholders', () => {
  const rest = 'src/main/java/org/clinic/rest/';
  const ownersApi = `${rest}api/OwnersApi.java`;
  const owners = `${rest}controller/OwnerRestController.java`;
  const crossOrigin = '@CrossOrigin(exposedHeaders = "errors, content-type")';
  const ownerAdmin = '@PreAuthorize("hasRole(@roles.OWNER_ADMIN)")';
  const fromInterface = ['mapping declared on OwnersApi'];

  it('puts interface mappings on the implementing controller, with its prefix, security and handler', async () => {
    const map = await buildRouteMap(fixtureTree('java/spring-clinic'));
    expect(map.skipped).toEqual([]);
    expect(withoutSignatures(map.routes)).toEqual([
      spring({ method: 'GET', path: '/api/owners', file: ownersApi, line: 15, handler: ['OwnerRestController.listOwners', 23, 27], handlerFile: owners, middleware: [crossOrigin, ownerAdmin], notes: fromInterface }),
      spring({
        method: 'POST', path: '/api/owners', file: ownersApi, line: 26, handler: ['OwnerRestController.addOwner', 29, 33], handlerFile: owners,
        middleware: [crossOrigin, ownerAdmin], notes: fromInterface, requiredInputs: ['firstName', 'lastName', 'telephone'],
      }),
      spring({ method: 'GET', path: '/api/owners/{ownerId}', file: ownersApi, line: 36, handler: ['OwnerRestController.getOwner', 35, 39], handlerFile: owners, middleware: [crossOrigin, ownerAdmin], notes: fromInterface }),
      spring({
        method: 'PATCH', path: '/api/owners/{ownerId}', file: ownersApi, line: 45, handler: ['OwnerRestController.updateOwner', 41, 44], handlerFile: owners,
        middleware: [crossOrigin], notes: fromInterface, requiredInputs: ['firstName', 'lastName', 'telephone'],
      }),
      spring({
        method: 'PUT', path: '/api/owners/{ownerId}', file: ownersApi, line: 45, handler: ['OwnerRestController.updateOwner', 41, 44], handlerFile: owners,
        middleware: [crossOrigin], notes: fromInterface, requiredInputs: ['firstName', 'lastName', 'telephone'],
      }),
      // Not overridden: the interface's default method answers (501), and it is still a route.
      spring({
        method: 'GET', path: '/api/owners/search', file: ownersApi, line: 53, handler: ['OwnersApi.searchOwners', 53, 56],
        middleware: [crossOrigin], notes: fromInterface, requiredInputs: ['q', 'page'],
      }),
      spring({
        method: 'GET', path: '/api/v3/specialties', file: `${rest}controller/SpecialtyRestController.java`, line: 10, handler: ['SpecialtyRestController.list', 10, 13],
        notes: ['${api.prefix} = /api/v3 (API_PREFIX in .env.example)'],
      }),
      spring({
        method: 'DELETE', path: '/api/vets/{id}', file: `${rest}common/CrudController.java`, line: 18, handler: ['VetRestController.delete', 24, 29],
        handlerFile: `${rest}controller/VetRestController.java`, middleware: ['@PreAuthorize("hasRole(@roles.VET_ADMIN)")'], notes: ['mapping declared on CrudController'],
      }),
      spring({ method: 'GET', path: '/api/vets/{id}', file: `${rest}common/CrudController.java`, line: 13, handler: ['CrudController.findOne', 13, 16], notes: ['mapping declared on CrudController'] }),
      spring({
        method: 'GET', path: '/reports/{year}', file: `${rest}controller/ReportController.java`, line: 9, handler: ['ReportController.yearly', 9, 12],
        partial: true, notes: ['could not resolve ExternalPaths.BASE; the path holds the rest'],
      }),
      spring({
        method: 'GET', path: '/visits', file: `${rest}controller/VisitRestController.java`, line: 11, handler: ['VisitRestController.list', 11, 14],
        partial: true, notes: ['could not resolve ${legacy.base}; the path holds the rest'],
      }),
      spring({
        method: 'POST', path: '/visits/bulk', file: `${rest}controller/VisitRestController.java`, line: 16, handler: ['VisitRestController.bulk', 16, 17],
        partial: true, notes: ['${visits.bulk-path} resolved to its default "/bulk"', 'could not resolve ${legacy.base}; the path holds the rest'],
      }),
    ]);
  });

  it('marks the controller route modified when only the interface declaration changes', async () => {
    const files = fixtureFiles('java/spring-clinic');
    const base = await buildRouteMap(new MemoryTree('base', files));
    const head = await buildRouteMap(
      new MemoryTree('head', { ...files, [ownersApi]: files[ownersApi]!.replace('@RequestParam("q") String query', '@RequestParam("query") String query') }),
    );
    const changed = diffRoutes(base.routes, head.routes).filter((change) => change.kind !== 'unchanged');
    expect(changed.map((change) => [change.kind, change.route.method, change.route.path, change.route.requiredInputs])).toEqual([
      ['modified', 'GET', '/api/owners/search', ['query', 'page']],
    ]);
  });
});
