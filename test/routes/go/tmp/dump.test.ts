import { it } from '@jest/globals';
import { loadFixture, routesOf } from '../go-route-helpers.js';

it('dump', async () => {
  const routes = await routesOf(loadFixture(process.env.FIXTURE!));
  const lines = routes.map((r) => `${r.method} ${r.path} ${r.file}:${r.line} ${r.framework} h=${r.handler ? `${r.handler.name}@${r.handler.file}:${r.handler.startLine}-${r.handler.endLine}` : '-'} mw=${JSON.stringify(r.middleware)}${r.partial ? ' PARTIAL' : ''}${r.notes ? ' notes=' + JSON.stringify(r.notes) : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
});
