import { MemoryTree } from '../src/core/change-source.js';
import { buildRouteMap } from '../src/core/routes/build-route-map.js';
import { bareParse, formatMs, formatSpread, measure, peakMemoryMb, type BenchTable } from './harness.js';
import { syntheticMonorepo } from './synthetic-service.js';

/** The route map of a large polyglot tree against the bare parse of the same files, same run. */
export async function benchRouteMap(options: { files: number; runs: number }): Promise<BenchTable> {
  const files = syntheticMonorepo(options.files);
  const tree = new MemoryTree('head', files);
  let routes = 0;
  const map = await measure(async () => {
    routes = (await buildRouteMap(tree)).routes.length;
  }, options.runs);
  const mapPeak = peakMemoryMb();
  const bare = await measure(() => {
    bareParse(files);
  }, options.runs);
  return {
    title: 'Route map of a large tree',
    description: `${Object.keys(files).length} source files (TypeScript/Express, Python/FastAPI, Go/Gin, Java/Spring); ${routes} routes found.`,
    rows: [{ name: 'route map vs bare parse', figure: formatMs(map), baseline: formatMs(bare), ratio: map.median / bare.median, spread: formatSpread(map), target: '≤ 1.5×', peakMemoryMb: mapPeak }],
  };
}
