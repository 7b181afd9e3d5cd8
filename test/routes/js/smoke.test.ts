import { describe, expect, it } from '@jest/globals';
import { fixtureTree, routesOf } from './support/route-fixtures.js';

describe('smoke', () => {
  it('fixture', async () => {
    const routes = await routesOf(fixtureTree(process.env.FIXTURE ?? 'express/realworld'));
    console.log(routes.map((r) => `${r.method} ${r.path} ${r.file}:${r.line} ${r.framework} [${r.middleware.join(', ')}] -> ${r.handler?.name ?? ''}@${r.handler?.file}:${r.handler?.startLine}-${r.handler?.endLine}${r.partial ? ' PARTIAL' : ''} ${(r.notes ?? []).join('; ')}`).join('\n'));
    expect(1).toBe(1);
  });
});
