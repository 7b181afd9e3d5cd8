import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { fixtureTree, serviceChangesOf } from './support/service-fixtures.js';

describe('dump', () => {
  it('prints', async () => {
    const head = fixtureTree(process.env.FIXTURE ?? 'js-monorepo');
    const { changes } = await serviceChangesOf(new MemoryTree('base', {}), head);
    console.log(JSON.stringify(changes.chains, null, 1));
    expect(1).toBe(1);
  });
});
