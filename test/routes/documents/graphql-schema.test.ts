import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { diffRoutes } from '../../../src/core/routes/diff-routes.js';
import { fixtureFiles, fixtureTree, withoutSignatures } from '../java/fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from '../java/route-builders.js';

const graphql = (expected: ExpectedRoute) => expectedRoute('graphql', expected);
const schema = 'src/main/resources/schema/schema.graphqls';
const admin = 'src/main/resources/schema/admin.graphqls';

describe('GraphQL operations from SDL schemas', () => {
  it('lists root fields (extensions and renamed roots too) as /graphql/Type.field; operation documents give none; a broken schema is skipped', async () => {
    const map = await buildRouteMap(fixtureTree('documents/graphql'));
    expect(withoutSignatures(map.routes)).toEqual([
      graphql({
        method: 'MUTATION', path: '/graphql/Mutation.createArticle', file: schema, line: 16, middleware: ['@auth(requires: USER)'],
        requiredInputs: ['input', 'input.title', 'input.description', 'input.body', 'input.meta', 'input.meta.locale'],
      }),
      graphql({ method: 'MUTATION', path: '/graphql/Mutation.deleteArticle', file: schema, line: 18, middleware: ['@auth(requires: ADMIN)'], requiredInputs: ['slug'] }),
      graphql({ method: 'MUTATION', path: '/graphql/Mutation.followUser', file: schema, line: 19, requiredInputs: ['username'] }),
      graphql({ method: 'MUTATION', path: '/graphql/Mutation.purgeCache', file: admin, line: 15, notes: ['root type RootMutation'] }),
      graphql({ method: 'MUTATION', path: '/graphql/Mutation.updateArticle', file: schema, line: 17, middleware: ['@auth(requires: USER)'], requiredInputs: ['slug', 'changes'] }),
      graphql({ method: 'QUERY', path: '/graphql/Query.article', file: schema, line: 2, requiredInputs: ['slug'] }),
      graphql({ method: 'QUERY', path: '/graphql/Query.articles', file: schema, line: 3 }),
      graphql({ method: 'QUERY', path: '/graphql/Query.auditLog', file: admin, line: 11, notes: ['root type RootQuery'] }),
      graphql({ method: 'QUERY', path: '/graphql/Query.me', file: schema, line: 8, middleware: ['@auth'] }),
      graphql({ method: 'QUERY', path: '/graphql/Query.stats', file: admin, line: 7, notes: ['root type RootQuery'], requiredInputs: ['day'] }),
      graphql({ method: 'QUERY', path: '/graphql/Query.tags', file: 'src/main/resources/schema/extensions.graphql', line: 2 }),
      graphql({ method: 'QUERY', path: '/graphql/Query.user', file: schema, line: 10, notes: ['deprecated'], requiredInputs: ['username'] }),
      graphql({ method: 'SUBSCRIPTION', path: '/graphql/Subscription.commentAdded', file: schema, line: 23, requiredInputs: ['slug'] }),
    ]);
    expect(map.skipped).toEqual([{ path: 'broken/broken.graphql', reason: 'GraphQL schema does not parse: Syntax Error: Expected Name, found ":". (line 2, column 24)' }]);
  });

  it('marks a mutation modified when its input type gains a required field, not when a description changes', async () => {
    const files = fixtureFiles('documents/graphql');
    const base = await buildRouteMap(new MemoryTree('base', files));
    const edited = files[schema]!
      .replace('  body: String!\n  tagList', '  body: String!\n  category: String!\n  tagList')
      .replace('"Deprecated: use `profile` instead."', '"Use `profile`."');
    const head = await buildRouteMap(new MemoryTree('head', { ...files, [schema]: edited }));
    const changed = diffRoutes(base.routes, head.routes).filter((change) => change.kind !== 'unchanged');
    expect(changed.map((change) => [change.kind, change.route.path, change.route.requiredInputs])).toEqual([
      ['modified', '/graphql/Mutation.createArticle', ['input', 'input.title', 'input.description', 'input.body', 'input.category', 'input.meta', 'input.meta.locale']],
    ]);
  });
});
