import { describe, expect, it } from '@jest/globals';
import { fixtureTree, routesOf } from './support/route-fixtures.js';

// Prints the route list of a fixture as test code (FIXTURE=express/realworld), for review.
describe('smoke', () => {
  it('fixture', async () => {
    const routes = await routesOf(fixtureTree(process.env.FIXTURE ?? 'express/realworld'));
    const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const lines = routes.map((r) => {
      const h = r.handler ? `, handler: h(${q(r.handler.file)}, ${r.handler.startLine}, ${r.handler.endLine}${r.handler.name !== undefined ? ', ' + q(r.handler.name) : ''})` : '';
      const mw = `[${r.middleware.map(q).join(', ')}]`;
      const extra = `${r.partial ? ', partial: true' : ''}${r.notes ? `, notes: [${r.notes.map(q).join(', ')}]` : ''}`;
      return `      route(${q(r.method)}, ${q(r.path)}, ${q(r.file)}, ${r.line}, { framework: ${q(r.framework)}, middleware: ${mw}${h}${extra} }),`;
    });
    console.log(lines.join('\n'));
    expect(1).toBe(1);
  });
});
