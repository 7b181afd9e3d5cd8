import { describe, expect, it } from '@jest/globals';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { pluralise } from '../../../src/core/routes/extractors/java/spring-data-rest.js';
import { MemoryTree } from '../../../src/core/change-source.js';
import type { Route } from '../../../src/core/routes/types.js';
import { fixtureFiles, fixtureTree, withoutSignatures } from './fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from './route-builders.js';

const dataRest = (expected: ExpectedRoute) => expectedRoute('spring-data-rest', expected);
const endpoints = (routes: readonly Route[]): string[] => routes.map((route) => `${route.method} ${route.path}`);

describe('Spring Data REST repositories: a people/orders shop', () => {
  const shop = 'src/main/java/com/example/shop/';
  const basePath = 'spring.data.rest.base-path = /api (src/main/resources/application.properties)';
  const notesOf = (domain: string, repository: string): string[] => [`Spring Data REST resource of ${domain}, exported from ${repository}`, basePath];

  /** The six CRUD resources of a repository, all pointing at the interface. */
  const crud = (path: string, file: string, repository: string, lines: [number, number], domain: string, only?: string[], middleware: Record<string, string[]> = {}) =>
    [
      ['GET', path], ['POST', path], ['DELETE', `${path}/{id}`], ['GET', `${path}/{id}`], ['PATCH', `${path}/{id}`], ['PUT', `${path}/{id}`],
    ]
      .filter(([method, routePath]) => !only || only.includes(`${method} ${routePath}`))
      .map(([method, routePath]) =>
        dataRest({
          method: method!, path: routePath!, file, line: lines[0], handler: [repository, lines[0], lines[1]],
          middleware: middleware[`${method} ${routePath}`] ?? middleware['*'] ?? [], notes: notesOf(domain, repository),
        }),
      );

  it('exports every public repository with CRUD and search resources under the base path', async () => {
    const map = await buildRouteMap(fixtureTree('java/spring-data-rest-shop'));
    expect(map.skipped).toEqual([]);
    const people = `${shop}people/PersonRepository.java`;
    const orders = `${shop}orders/OrderRepository.java`;
    const categories = `${shop}catalog/CategoryRepository.java`;
    const authenticated = '@PreAuthorize("isAuthenticated()")';
    expect(withoutSignatures(map.routes)).toEqual([
      // Default path: the uncapitalised plural of the domain type.
      ...crud('/api/addresses', `${shop}catalog/AddressRepository.java`, 'AddressRepository', [5, 6], 'Address'),
      // Through a @NoRepositoryBean base interface; writes hidden with @RestResource(exported = false).
      ...crud('/api/categories', categories, 'CategoryRepository', [7, 20], 'Category', ['GET /api/categories', 'GET /api/categories/{id}']),
      ...crud('/api/orders', orders, 'OrderRepository', [9, 21], 'Order', undefined, {
        '*': [authenticated],
        'DELETE /api/orders/{id}': [authenticated, `@PreAuthorize("hasRole('ADMIN')")`],
      }),
      dataRest({ method: 'GET', path: '/api/orders/search', file: orders, line: 9, handler: ['OrderRepository', 9, 21], middleware: [authenticated], notes: notesOf('Order', 'OrderRepository') }),
      // @RestResource(path = "byStatus") renames the search resource; findByCustomerId is not exported.
      dataRest({
        method: 'GET', path: '/api/orders/search/byStatus', file: orders, line: 16, handler: ['OrderRepository.findByStatus', 16, 17],
        middleware: [authenticated], notes: notesOf('Order', 'OrderRepository'),
      }),
      // @RepositoryRestResource(path = "people"); the default method is not a query method.
      ...crud('/api/people', people, 'PersonRepository', [9, 17], 'Person'),
      dataRest({ method: 'GET', path: '/api/people/search', file: people, line: 9, handler: ['PersonRepository', 9, 17], notes: notesOf('Person', 'PersonRepository') }),
      dataRest({
        method: 'GET', path: '/api/people/search/findByLastName', file: people, line: 12, handler: ['PersonRepository.findByLastName', 12, 12],
        notes: notesOf('Person', 'PersonRepository'),
      }),
    ]);
  });

  it('gives a paging-only repository (no CrudRepository since Spring Data 3) its collection resource only', async () => {
    const files = fixtureFiles('java/spring-data-rest-shop');
    const path = 'src/main/java/com/example/shop/people/PersonRepository.java';
    const pagingOnly = files[path]!.replace(', CrudRepository<Person, Long> {', ' {');
    const map = await buildRouteMap(new MemoryTree('head', { ...files, [path]: pagingOnly }));
    expect(map.routes.filter((route) => route.file === path).map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /api/people',
      'GET /api/people/search',
      'GET /api/people/search/findByLastName',
    ]);
  });

  it('exports nothing when the project does not depend on Spring Data REST', async () => {
    const files = fixtureFiles('java/spring-data-rest-shop');
    const pom = files['pom.xml']!.replace('spring-boot-starter-data-rest', 'spring-boot-starter-web');
    const map = await buildRouteMap(new MemoryTree('head', { ...files, 'pom.xml': pom }));
    expect(map.routes).toEqual([]);
  });

  it('reads a Gradle build, the servlet context path and the annotated-only detection strategy', async () => {
    const files = fixtureFiles('java/spring-data-rest-shop');
    delete files['pom.xml'];
    const map = await buildRouteMap(
      new MemoryTree('head', {
        ...files,
        'build.gradle.kts': 'dependencies {\n    implementation("org.springframework.data:spring-data-rest-webmvc")\n}\n',
        'src/main/resources/application.properties':
          'server.servlet.context-path=/shop\nspring.data.rest.basePath=/data\nspring.data.rest.detection-strategy=annotated\n',
      }),
    );
    expect(endpoints(map.routes)).toEqual([
      'GET /shop/data/people',
      'POST /shop/data/people',
      'DELETE /shop/data/people/{id}',
      'GET /shop/data/people/{id}',
      'PATCH /shop/data/people/{id}',
      'PUT /shop/data/people/{id}',
      'GET /shop/data/people/search',
      'GET /shop/data/people/search/findByLastName',
    ]);
    expect(map.routes[0]!.notes).toEqual([
      'Spring Data REST resource of Person, exported from PersonRepository',
      'server.servlet.context-path = /shop (src/main/resources/application.properties)',
      'spring.data.rest.basePath = /data (src/main/resources/application.properties)',
    ]);
  });

  it('applies a build file only to its own module', async () => {
    const files = fixtureFiles('java/spring-data-rest-shop');
    const moved = Object.fromEntries(Object.entries(files).map(([path, text]) => [path === 'pom.xml' ? 'rest-module/pom.xml' : `shop-module/${path}`, text]));
    const map = await buildRouteMap(new MemoryTree('head', moved));
    expect(map.routes).toEqual([]);
  });
});

describe('pluralise (the default resource path)', () => {
  it.each([
    ['Person', 'Persons'],
    ['Order', 'Orders'],
    ['Category', 'Categories'],
    ['Address', 'Addresses'],
    ['Box', 'Boxes'],
    ['Day', 'Days'],
    ['Batch', 'Batches'],
  ])('%s → %s', (word, plural) => {
    expect(pluralise(word)).toBe(plural);
  });
});
