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

describe('Micronaut controllers implementing route interfaces of another module', () => {
  // Modelled on alexey-lapin/realworld-backend-micronaut: the routes are declared on interfaces of a
  // shared `service-api` module (used by the server and by `@Client` test clients alike), and the
  // `@Controller("${api.version}")` classes of the `service` module implement them without annotations.
  const operations = 'service-api/src/main/java/com/example/api/operation/';
  const web = 'service/src/main/java/com/example/web/';
  const files: Record<string, string> = {
    [`${operations}ProfileOperations.java`]: `package com.example.api.operation;

import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

public interface ProfileOperations {

    @Get("/profiles/{username}")
    GetProfileResult findByUsername(@PathVariable("username") String username);

    @Post("/profiles/{username}/follow")
    FollowProfileResult follow(@PathVariable("username") String username);

    @Delete("/profiles/{username}/follow")
    UnfollowProfileResult unfollow(@PathVariable("username") String username);
}
`,
    [`${operations}ArticleOperations.java`]: `package com.example.api.operation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;

public interface ArticleOperations {

    @Get("/articles{?tag,limit}")
    GetArticlesResult findByFilters(@QueryValue(value = "tag") @Nullable String tag,
                                    @QueryValue(value = "limit", defaultValue = "20") Integer limit);
}
`,
    [`${web}ProfileController.java`]: `package com.example.web;

import com.example.api.operation.ProfileOperations;
import io.micronaut.http.annotation.Controller;

@Controller("\${api.version}")
public class ProfileController implements ProfileOperations {

    @Override
    public GetProfileResult findByUsername(String username) {
        return bus.executeQuery(new GetProfile(username));
    }

    @Override
    public FollowProfileResult follow(String username) {
        return bus.executeCommand(new FollowProfile(username));
    }

    @Override
    public UnfollowProfileResult unfollow(String username) {
        return bus.executeCommand(new UnfollowProfile(username));
    }
}
`,
    [`${web}ArticleController.java`]: `package com.example.web;

import com.example.api.operation.ArticleOperations;
import io.micronaut.http.annotation.Controller;

@Controller("\${api.version}")
public class ArticleController implements ArticleOperations {

    @Override
    public GetArticlesResult findByFilters(String tag, Integer limit) {
        return bus.executeQuery(new GetArticles(tag, limit));
    }
}
`,
    'service/src/intTest/java/com/example/api/operation/ProfileClient.java': `package com.example.api.operation;

import io.micronaut.http.client.annotation.Client;

@Client("\${api.version}")
public interface ProfileClient extends ProfileOperations {
}
`,
    'service/src/main/resources/application.yml': 'micronaut:\n  application:\n    name: realworld\napi:\n  version: /api\n',
  };

  it('reads the routes from the interfaces, under the controller prefix from application.yml', async () => {
    const map = await buildRouteMap(new MemoryTree('head', files));
    expect(map.skipped).toEqual([]);
    const profiles = `${operations}ProfileOperations.java`;
    const controller = `${web}ProfileController.java`;
    const notes = ['${api.version} = /api (service/src/main/resources/application.yml)'];
    expect(withoutSignatures(map.routes)).toEqual([
      micronaut({
        method: 'GET', path: '/api/articles', file: `${operations}ArticleOperations.java`, line: 9,
        handler: ['ArticleController.findByFilters', 9, 12], handlerFile: `${web}ArticleController.java`, notes,
      }),
      micronaut({ method: 'GET', path: '/api/profiles/{username}', file: profiles, line: 10, handler: ['ProfileController.findByUsername', 9, 12], handlerFile: controller, notes }),
      micronaut({ method: 'DELETE', path: '/api/profiles/{username}/follow', file: profiles, line: 16, handler: ['ProfileController.unfollow', 19, 22], handlerFile: controller, notes }),
      micronaut({ method: 'POST', path: '/api/profiles/{username}/follow', file: profiles, line: 13, handler: ['ProfileController.follow', 14, 17], handlerFile: controller, notes }),
    ]);
  });
});
