import { it, expect } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { scanTree } from '../../src/core/analysis/scan-tree.js';
import { RouteCollector } from '../../src/core/routes/build-route-map.js';
import { ServiceCollector } from '../../src/core/services/service-collector.js';
import { parseSource } from '../../src/core/source/language.js';
import { syntheticMonorepo } from '../../bench/synthetic-service.js';

it('perf', async () => {
  const files = syntheticMonorepo(1500);
  const tree = new MemoryTree('head', files);
  for (let run = 0; run < 2; run++) {
    let t = performance.now();
    for (const [path, text] of Object.entries(files)) parseSource(path, text);
    const bare = performance.now() - t;
    t = performance.now();
    await scanTree(tree, [new RouteCollector()]);
    const routes = performance.now() - t;
    t = performance.now();
    const services = new ServiceCollector();
    const scan = await scanTree(tree, [new RouteCollector(), services]);
    const both = performance.now() - t;
    t = performance.now();
    const map = await services.link({ tree, routes: [] });
    const link = performance.now() - t;
    console.log({ files: Object.keys(files).length, bare, routes, both, link, services: map.services.length, skipped: scan.skipped.filter((s) => s.reason.includes('analysis')).length });
  }
  expect(1).toBe(1);
}, 300000);
