import { MemoryTree } from '../src/core/change-source.js';
import { buildRouteMap, readProjectInfo, RouteCollector } from '../src/core/routes/build-route-map.js';
import { scanTree } from '../src/core/analysis/scan-tree.js';
import { ServiceCollector } from '../src/core/services/service-collector.js';
import { defaultScanPool } from '../src/core/analysis/scan-worker-pool.js';
import { bareParse, formatCpuMs, formatMs, formatSpread, measureInterleaved, type BenchTable } from './harness.js';
import { syntheticMonorepo } from './synthetic-service.js';

/** The route map of a large polyglot tree against the bare parse of the same files, same run. */
export async function benchRouteMap(options: { files: number; runs: number }): Promise<BenchTable> {
  const files = syntheticMonorepo(options.files);
  const tree = new MemoryTree('head', files);
  let routes = 0;
  // Started beforehand, as the app starts them at launch (a one-off run would start them only for 1,500 files or more).
  const pool = defaultScanPool();
  pool?.warm();
  // Issue 11: the service map rides the same pass (same syntax trees, no second parse).
  let services = 0;
  const m = await measureInterleaved(
    {
      map: async () => {
        routes = (await buildRouteMap(tree)).routes.length;
      },
      oneThread: () => buildRouteMap(tree, { workers: null }),
      both: async () => {
        const routeCollector = new RouteCollector();
        const serviceCollector = new ServiceCollector();
        await scanTree(tree, [routeCollector, serviceCollector]);
        const routeList = routeCollector.link(await readProjectInfo(tree));
        services = (await serviceCollector.link({ tree, routes: routeList })).services.length;
      },
      bare: () => bareParse(files),
    },
    options.runs,
    { memoryOf: 'map' },
  );
  const { map, oneThread, both, bare } = m;
  return {
    title: 'Route map (and service map) of a large tree',
    description:
      `${Object.keys(files).length} source files (TypeScript/Express, Python/FastAPI, Go/Gin, Java/Spring); ${routes} routes found. ` +
      `Maps are built on the scanning thread and ${pool ? `${pool.size} worker thread${pool.size === 1 ? '' : 's'}` : 'no worker thread'} (one per core, started beforehand as the app does at launch); the bare parse uses one thread. ` +
      'The one-thread row and the CPU-time row show the work itself, whatever the cores. The subjects are measured in rounds (each round runs each once, in rotating order) and each ratio is the median of the rounds\' ratios, so machine drift does not enter it. Peak memory: resident set of the process, sampled while the first row\'s subject ran on its own first, in a fresh process, each run from a collected heap (as every timed run; without that the figure grows by about 30 MB a run with the garbage earlier runs left).',
    rows: [
      { name: 'route map vs bare parse', figure: formatMs(map), baseline: formatMs(bare), ratio: m.ratio('map', 'bare'), spread: formatSpread(map), target: '≤ 1.5×', peakMemoryMb: map.peakRssMb },
      { name: 'route map in one thread vs bare parse', figure: formatMs(oneThread), baseline: formatMs(bare), ratio: m.ratio('oneThread', 'bare'), spread: formatSpread(oneThread), peakMemoryMb: oneThread.peakRssMb },
      { name: 'CPU time of the route map (all threads) vs bare parse', figure: formatCpuMs(map), baseline: formatCpuMs(bare), ratio: m.cpuRatio('map', 'bare'), spread: `${options.runs} runs` },
      { name: `route map + service map in one pass (${services} services) vs bare parse`, figure: formatMs(both), baseline: formatMs(bare), ratio: m.ratio('both', 'bare'), spread: formatSpread(both), peakMemoryMb: both.peakRssMb },
      { name: 'route map + service map in one pass vs route map alone', figure: formatMs(both), baseline: formatMs(map), ratio: m.ratio('both', 'map'), spread: formatSpread(both) },
    ],
  };
}
