import { describe, expect, it } from '@jest/globals';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { diffRoutes } from '../../../src/core/routes/diff-routes.js';
import { simplifyMicronautTemplate } from '../../../src/core/routes/extractors/java/micronaut.js';
import { MemoryTree } from '../../../src/core/change-source.js';
import { fixtureFiles, fixtureTree, withoutSignatures } from './fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from './route-builders.js';

const micronaut = (expected: ExpectedRoute) => expectedRoute('micronaut', expected);

describe('Micronaut controllers: a books service', () => {
  const api = 'src/main/java/example/books/api/';
  const books = `${api}BookController.java`;
  const authors = `${api}AuthorController.java`;
  const contextPath = 'micronaut.server.context-path = /library (src/main/resources/application.yml)';
  const bookNotes = [contextPath];
  const authorNotes = [contextPath, '${books.api.prefix} resolved to its default "/v1"'];
  const authenticated = '@Secured(SecurityRule.IS_AUTHENTICATED)';

  it('finds every controller route with the context path, constants, URI templates and security annotations', async () => {
    const map = await buildRouteMap(fixtureTree('java/micronaut-books'));
    expect(map.skipped).toEqual([]);
    expect(withoutSignatures(map.routes)).toEqual([
      // Spring's @Controller (single-type import) beside Micronaut's on-demand import: Spring's route, never Micronaut's.
      expectedRoute('spring', {
        method: 'GET', path: '/admin/health', file: 'src/main/java/example/books/admin/HealthController.java', line: 12, handler: ['HealthController.health', 12, 16],
      }),
      micronaut({ method: 'GET', path: '/library/books', file: books, line: 24, handler: ['BookController.list', 24, 27], middleware: [authenticated], notes: bookNotes }),
      micronaut({ method: 'POST', path: '/library/books', file: books, line: 34, handler: ['BookController.save', 34, 37], middleware: [authenticated], notes: bookNotes }),
      micronaut({
        method: 'DELETE', path: '/library/books/{id}', file: books, line: 44, handler: ['BookController.delete', 44, 49],
        middleware: [authenticated, '@Secured({"ROLE_ADMIN"})'], notes: bookNotes,
      }),
      micronaut({ method: 'GET', path: '/library/books/{id}', file: books, line: 29, handler: ['BookController.show', 29, 32], middleware: [authenticated], notes: bookNotes }),
      micronaut({ method: 'PUT', path: '/library/books/{id}', file: books, line: 39, handler: ['BookController.update', 39, 42], middleware: [authenticated], notes: bookNotes }),
      micronaut({ method: 'GET', path: '/library/books/files/{path}', file: books, line: 56, handler: ['BookController.file', 56, 59], middleware: [authenticated], notes: bookNotes }),
      micronaut({
        method: 'GET', path: '/library/books/find', file: books, line: 51, handler: ['BookController.search', 51, 54], middleware: [authenticated], notes: bookNotes, requiredInputs: ['q'],
      }),
      micronaut({
        method: 'GET', path: '/library/books/search', file: books, line: 51, handler: ['BookController.search', 51, 54], middleware: [authenticated], notes: bookNotes, requiredInputs: ['q'],
      }),
      micronaut({ method: 'GET', path: '/library/v1/authors', file: authors, line: 22, handler: ['AuthorController.list', 22, 26], middleware: ['@PermitAll'], notes: authorNotes }),
      micronaut({ method: 'HEAD', path: '/library/v1/authors/{id}', file: authors, line: 28, handler: ['AuthorController.exists', 28, 32], middleware: ['@PermitAll'], notes: authorNotes }),
      micronaut({
        method: 'PATCH', path: '/library/v1/authors/{id}/name', file: authors, line: 34, handler: ['AuthorController.rename', 34, 38], middleware: ['@RolesAllowed("EDITOR")'], notes: authorNotes,
      }),
      micronaut({ method: 'GET', path: '/library/v1/authors/{slug}/books', file: authors, line: 40, handler: ['AuthorController.booksOf', 40, 43], notes: authorNotes }),
    ]);
  });

  it('takes the prefix from application.properties and ignores the @Client interface without any configuration', async () => {
    const files = fixtureFiles('java/micronaut-books');
    delete files['src/main/resources/application.yml'];
    const map = await buildRouteMap(
      new MemoryTree('head', { ...files, 'src/main/resources/application.properties': 'books.api.prefix=/v2\n' }),
    );
    expect(map.routes.filter((route) => route.framework === 'micronaut').map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /books',
      'POST /books',
      'DELETE /books/{id}',
      'GET /books/{id}',
      'PUT /books/{id}',
      'GET /books/files/{path}',
      'GET /books/find',
      'GET /books/search',
      'GET /v2/authors',
      'HEAD /v2/authors/{id}',
      'PATCH /v2/authors/{id}/name',
      'GET /v2/authors/{slug}/books',
    ]);
  });

  it('finds nothing for Micronaut-looking annotations without Micronaut imports', async () => {
    const map = await buildRouteMap(
      new MemoryTree('head', {
        'src/main/java/demo/Lookalike.java': [
          'package demo;',
          'import demo.annotations.Controller;',
          'import demo.annotations.Get;',
          '@Controller("/x")',
          'public class Lookalike {',
          '    @Get("/y") public String y() { return "y"; }',
          '}',
        ].join('\n'),
      }),
    );
    expect(map.routes).toEqual([]);
  });

  it('marks a route modified when its method-level security changes, and only that route', async () => {
    const files = fixtureFiles('java/micronaut-books');
    const path = 'src/main/java/example/books/api/AuthorController.java';
    const base = await buildRouteMap(new MemoryTree('base', files));
    const head = await buildRouteMap(new MemoryTree('head', { ...files, [path]: files[path]!.replace('@RolesAllowed("EDITOR")', '@RolesAllowed("ADMIN")') }));
    const changed = diffRoutes(base.routes, head.routes).filter((change) => change.kind !== 'unchanged');
    expect(changed.map((change) => [change.kind, change.route.method, change.route.path])).toEqual([['modified', 'PATCH', '/library/v1/authors/{id}/name']]);
  });
});

describe('simplifyMicronautTemplate', () => {
  it.each([
    ['/books/{id}', '/books/{id}'],
    ['/books{?max,offset}', '/books'],
    ['/books{/id}', '/books/{id}'],
    ['/files/{+path}', '/files/{path}'],
    ['/books{/path:.*}{.ext}', '/books/{path}.{ext}'],
    ['/book/{isbn:[0-9]{13}}', '/book/{isbn}'],
    ['/list{?q}{&page}{#top}', '/list'],
    ['${api.base:/api}/books/{id}', '${api.base:/api}/books/{id}'],
  ])('%s → %s', (template, expected) => {
    expect(simplifyMicronautTemplate(template)).toBe(expected);
  });
});
