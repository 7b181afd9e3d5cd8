import { describe, expect, it } from '@jest/globals';
import { fixtureTree, mapTree } from './support/service-fixtures.js';

describe('dump', () => {
  it('prints', async () => {
    const { map, routes } = await mapTree(fixtureTree(process.env.FIXTURE ?? 'js-monorepo'));
    console.log(JSON.stringify(routes.map((r) => [r.method, r.path, r.file, r.handler]), null, 1));
    console.log(JSON.stringify(map.services, null, 1));
    console.log(JSON.stringify(map.files, null, 1));
    expect(1).toBe(1);
  });
});
