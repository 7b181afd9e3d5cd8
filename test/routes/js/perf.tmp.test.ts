import { describe, expect, it } from '@jest/globals';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MemoryTree } from '../../../src/core/change-source.js';
import { scanTree } from '../../../src/core/analysis/scan-tree.js';
import { RouteCollector } from '../../../src/core/routes/build-route-map.js';
import { JS_EXTRACTORS } from '../../../src/core/routes/extractors/js/index.js';
import { fixtureTree } from './support/route-fixtures.js';

describe('perf', () => {
  it('measures', async () => {
    const list = execSync("find /work/main/node_modules -name '*.js' -size -100k -not -name '*.min.js' | head -4000").toString().trim().split('\n');
    const files: Record<string, string> = {};
    list.forEach((path, i) => { files[`src/lib${i % 50}/m${i}.js`] = readFileSync(path, 'utf8'); });
    for (const name of ['express/realworld', 'express/boilerplate-ts', 'express/bulletproof', 'nestjs/realworld', 'fastify/prisma-api', 'hono/workers-api', 'koa/realworld']) {
      const tree = fixtureTree(name);
      for (let copy = 0; copy < 20; copy++) for (const path of await tree.paths()) files[`apps/${name.replace('/', '-')}-${copy}/${path}`] = (await tree.read(path))!;
    }
    const tree = new MemoryTree('head', files);
    const project = { paths: await tree.paths(), envDefaults: new Map() };
    for (let round = 0; round < 3; round++) {
      let t0 = performance.now();
      const bare = await scanTree(tree, []);
      const tBare = performance.now() - t0;
      t0 = performance.now();
      const collector = new RouteCollector(JS_EXTRACTORS, []);
      await scanTree(tree, [collector]);
      const tScan = performance.now() - t0;
      t0 = performance.now();
      const routes = collector.link(project);
      const tLink = performance.now() - t0;
      console.log(`files ${bare.parsed} bare ${tBare.toFixed(0)}ms scan+collect ${tScan.toFixed(0)}ms link ${tLink.toFixed(0)}ms ratio ${((tScan + tLink) / tBare).toFixed(2)} routes ${routes.length}`);
    }
    expect(1).toBe(1);
  }, 300000);
});
