import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { diffRoutes } from '../../../src/core/routes/diff-routes.js';
import { openApiExtractor } from '../../../src/core/routes/extractors/documents/openapi.js';
import { fixtureFiles, fixtureTree, withoutSignatures } from '../java/fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from '../java/route-builders.js';

const openapi = (expected: ExpectedRoute) => expectedRoute('openapi', expected);
const spec = 'src/main/resources/openapi.yml';
const server = 'prefix from server URL http://localhost:9966/petclinic/api';

describe('OpenAPI and Swagger documents', () => {
  it('lists every operation under the server path or basePath; other YAML/JSON is ignored; broken specs are skipped', async () => {
    const map = await buildRouteMap(fixtureTree('documents/openapi'));
    expect(withoutSignatures(map.routes)).toEqual([
      openapi({ method: 'GET', path: '/health', file: spec, line: 59, notes: ['operationId health'] }),
      openapi({ method: 'GET', path: '/petclinic/api/owners', file: spec, line: 13, middleware: ['security:basicAuth'], notes: [server, 'operationId listOwners'] }),
      openapi({
        method: 'POST', path: '/petclinic/api/owners', file: spec, line: 25, middleware: ['security:basicAuth'], notes: [server, 'operationId addOwner'],
        requiredInputs: ['firstName', 'lastName', 'address', 'telephone'],
      }),
      openapi({
        method: 'DELETE', path: '/petclinic/api/owners/{ownerId}', file: spec, line: 49, middleware: ['security:basicAuth', 'security:oauth'],
        notes: [server, 'operationId deleteOwner', 'deprecated'], requiredInputs: ['X-Tenant'],
      }),
      openapi({
        method: 'GET', path: '/petclinic/api/owners/{ownerId}', file: spec, line: 44, middleware: ['security:basicAuth'], notes: [server, 'operationId getOwner'],
        requiredInputs: ['X-Tenant'],
      }),
      openapi({ method: 'GET', path: '/v1/pets', file: 'docs/swagger.json', line: 7, notes: ['basePath /v1', 'operationId listPets'], requiredInputs: ['limit'] }),
      openapi({ method: 'POST', path: '/v1/pets', file: 'docs/swagger.json', line: 14, middleware: ['security:api_key'], notes: ['basePath /v1', 'operationId createPet'], requiredInputs: ['name'] }),
      openapi({ method: 'PUT', path: '/v1/pets/{petId}/photos', file: 'docs/swagger.json', line: 24, notes: ['basePath /v1'], requiredInputs: ['file'] }),
    ]);
    expect(map.skipped).toEqual([
      { path: 'broken/openapi.yaml', reason: 'OpenAPI document does not parse: Flow sequence in block collection must be sufficiently indented and end with a ] at line 8, column 1' },
      { path: 'broken/swagger.json', reason: 'OpenAPI document does not parse as JSON: Expected double-quoted property name in JSON at position 63 (line 5)' },
    ]);
  });

  it('marks an operation modified when a referenced schema gains a required property', async () => {
    const files = fixtureFiles('documents/openapi');
    const base = await buildRouteMap(new MemoryTree('base', files));
    const edited = files[spec]!.replace('required: [firstName, lastName]', 'required: [firstName, lastName, email]');
    const head = await buildRouteMap(new MemoryTree('head', { ...files, [spec]: edited }));
    const changed = diffRoutes(base.routes, head.routes).filter((change) => change.kind !== 'unchanged');
    expect(changed.map((change) => [change.kind, change.route.method, change.route.path, change.route.requiredInputs])).toEqual([
      ['modified', 'POST', '/petclinic/api/owners', ['firstName', 'lastName', 'email', 'address', 'telephone']],
    ]);
  });

  it('fills server variables from their defaults and marks the path partial when one has none', async () => {
    const tree = new MemoryTree('head', {
      'api/openapi.yaml': [
        'openapi: 3.1.0',
        'servers:',
        '  - url: "{scheme}://api.example.com/{basePath}/{region}"',
        '    variables:',
        '      scheme: { default: https }',
        '      basePath: { default: v2 }',
        '      region: { enum: [eu, us] }',
        'paths:',
        '  /items:',
        '    get:',
        '      responses: { "200": { description: ok } }',
        '',
      ].join('\n'),
    });
    expect(withoutSignatures((await buildRouteMap(tree)).routes)).toEqual([
      openapi({
        method: 'GET', path: '/v2/items', file: 'api/openapi.yaml', line: 10, partial: true,
        notes: ['prefix from server URL {scheme}://api.example.com/{basePath}/{region}', 'server variables without default: region'],
      }),
    ]);
  });

  it('reads operations of a local $ref path item at the path line', async () => {
    const tree = new MemoryTree('head', {
      'openapi.yaml': [
        'openapi: 3.1.0',
        'paths:',
        '  /users/{id}:',
        "    $ref: '#/components/pathItems/User'",
        'components:',
        '  pathItems:',
        '    User:',
        '      get:',
        '        responses: { "200": { description: ok } }',
        '      delete:',
        '        responses: { "204": { description: gone } }',
        '',
      ].join('\n'),
    });
    expect(withoutSignatures((await buildRouteMap(tree)).routes)).toEqual([
      openapi({ method: 'DELETE', path: '/users/{id}', file: 'openapi.yaml', line: 3 }),
      openapi({ method: 'GET', path: '/users/{id}', file: 'openapi.yaml', line: 3 }),
    ]);
  });

  it('accepts YAML with a top-level openapi/swagger key and JSON that names one, nothing else', () => {
    const cases: Array<[string, string]> = [
      ['openapi.yaml', 'openapi: 3.0.0\n'],
      ['spec.yml', '# comment\nswagger: "2.0"\n'],
      ['spec.json', '{"openapi": "3.0.0"}'],
      ['values.yaml', 'image:\n  openapi: true\n'],
      ['compose.yml', 'services: {}\n'],
      ['openapi.txt', 'openapi: 3.0.0\n'],
    ];
    expect(cases.map(([path, text]) => openApiExtractor.accepts(path, text))).toEqual([true, true, true, false, false, false]);
  });
});
