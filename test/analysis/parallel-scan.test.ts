import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { scanTree } from '../../src/core/analysis/scan-tree.js';
import { ScanWorkerPool, scanWorkerCount } from '../../src/core/analysis/scan-worker-pool.js';
import type { DiffFile } from '../../src/core/diff/parse-unified-diff.js';
import { RouteCollector, readProjectInfo } from '../../src/core/routes/build-route-map.js';
import { RuleRunner } from '../../src/core/rules/run-rules.js';
import { buildServiceChanges } from '../../src/core/services/build-service-changes.js';
import { ServiceCollector } from '../../src/core/services/service-collector.js';
import { syntheticMonorepo, syntheticTypeScriptService } from '../../bench/synthetic-service.js';
import { readFixtureFolder } from '../services/support/service-fixtures.js';

/**
 * The worker pool runs the compiled analysers (dist/, built by `npm ci` through `prepare`). Scanning
 * in workers must give exactly what scanning in this thread gives: same routes, service map, rule
 * findings, checklist matrix and skipped files, whatever thread analysed which file.
 */
const WORKER = new URL('../../dist/core/analysis/scan-worker.js', import.meta.url);
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
}

/** Every fixture application: routes per language and framework, service repositories. */
function fixtureApps(): Array<[string, Record<string, string>]> {
  const apps: Array<[string, Record<string, string>]> = [];
  for (const language of readdirSync(join(FIXTURES, 'routes'))) {
    for (const app of readdirSync(join(FIXTURES, 'routes', language))) apps.push([`routes/${language}/${app}`, readFixtureFolder(join(FIXTURES, 'routes', language, app))]);
  }
  for (const repo of readdirSync(join(FIXTURES, 'services'))) {
    if (statSync(join(FIXTURES, 'services', repo)).isDirectory()) apps.push([`services/${repo}`, readFixtureFolder(join(FIXTURES, 'services', repo))]);
  }
  return apps;
}

/** Files the scan must skip or survive, whoever reads them. */
const HOSTILE: Record<string, string> = {
  'src/broken.ts': 'export function (((( {',
  'src/minified.js': `var a=${'1+'.repeat(4000)}1;`,
  'src/deep.py': `x = ${'['.repeat(1200)}${']'.repeat(1200)}\n`,
  'docs/broken.yaml': 'openapi: 3.0.0\npaths:\n  /x: [unclosed\n',
  'api/broken.proto': 'syntax = "proto3"; service {',
  // Planted problems, so that findings cross the thread boundary too.
  'src/legacy/orders-route.ts': [
    "import express from 'express';",
    "import { Pool } from 'pg';",
    'const pool = new Pool();',
    'export const legacy = express.Router();',
    "legacy.get('/legacy/orders/:id', async (req, res) => {",
    "  const { rows } = await pool.query('SELECT * FROM orders WHERE id = ' + req.params.id);",
    '  res.json(rows);',
    '});',
    '',
  ].join('\n'),
};

/** A whole review's scanners over a tree (every line added), then everything they produce. */
async function review(files: Record<string, string>, workers: ScanWorkerPool | null) {
  const tree = new MemoryTree('head', files);
  const changedLines = new Map(Object.entries(files).map(([path, text]) => [path, new Set(text.split('\n').map((_, i) => i + 1))] as const));
  const routeCollector = new RouteCollector();
  const serviceCollector = new ServiceCollector();
  const rules = new RuleRunner({ changedLines, settings: {} });
  const scan = await scanTree(tree, [routeCollector, serviceCollector, rules], { workers, parallelMinFiles: 0 });
  const routes = routeCollector.link(await readProjectInfo(tree));
  const map = await serviceCollector.link({ tree, routes });
  const routeChanges = routes.map((route) => ({ kind: 'added' as const, route }));
  const diff: DiffFile[] = [...changedLines].map(([path, lines]) => ({
    path,
    status: 'added',
    binary: false,
    hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: lines.size, rightLines: [...lines], leftLines: [], addedLines: [...lines], deletedLines: [] }],
    additions: lines.size,
    deletions: 0,
  }));
  const emptyBase = new MemoryTree('base', {});
  const services = buildServiceChanges({ base: await new ServiceCollector().link({ tree: emptyBase, routes: [] }), head: map, diff, routeChanges });
  const outcome = await rules.finish({ routeChanges, headRoutes: routes, baseRoutes: [], diff, headTree: tree, services });
  return {
    scan: { ...scan, skipped: [...scan.skipped, ...routeCollector.skipped] },
    routes,
    map,
    services,
    findings: outcome.findings.map((finding) => ({ ...finding, messageId: rules.messageIdOf(finding) })),
    matrix: outcome.matrix,
  };
}

describe('scanning in worker threads', () => {
  let pool: ScanWorkerPool;

  beforeAll(() => {
    if (!existsSync(fileURLToPath(WORKER))) throw new Error('dist/core/analysis/scan-worker.js is missing: run `npm run build` (npm ci runs it)');
    // The workers run the compiled analysers: sources newer than the build would compare old with new.
    const built = statSync(fileURLToPath(WORKER)).mtimeMs;
    const newer = sourceFiles(fileURLToPath(new URL('../../src/', import.meta.url))).filter((path) => statSync(path).mtimeMs > built);
    if (newer.length > 0) throw new Error(`dist/ is older than ${newer.length} source file(s) (${newer[0]}…): run \`npm run build\``);
    pool = new ScanWorkerPool({ size: 2, workerUrl: WORKER });
  });
  afterAll(async () => {
    await pool.close();
  });

  it.each(fixtureApps())('%s: the same review as scanning in this thread', async (_name, files) => {
    const before = pool.stats.files;
    const parallel = await review(files, pool);
    expect(pool.stats.files).toBeGreaterThan(before);
    expect(parallel).toEqual(await review(files, null));
  });

  it('a synthetic polyglot monorepo with hostile files: the same review, and the workers did the work', async () => {
    const files = { ...syntheticMonorepo(240), ...HOSTILE };
    const before = { ...pool.stats };
    const parallel = await review(files, pool);
    const sequential = await review(files, null);
    expect(parallel).toEqual(sequential);
    expect(parallel.routes.length).toBeGreaterThan(100);
    expect(parallel.findings.length).toBeGreaterThan(0);
    expect(parallel.findings.map((finding) => finding.rule)).toContain('injection/sql-string-built');
    expect(parallel.scan.skipped.map((skipped) => skipped.path).sort()).toEqual(['api/broken.proto', 'docs/broken.yaml', 'src/deep.py', 'src/minified.js']);
    expect(pool.stats.failedBatches).toBe(before.failedBatches);
    expect(pool.stats.files - before.files).toBe(Object.keys(files).length);
  });

  it('a synthetic TypeScript service (the large-PR benchmark): the same findings and matrix', async () => {
    const files = syntheticTypeScriptService(40);
    const parallel = await review(files, pool);
    expect(parallel).toEqual(await review(files, null));
    expect(parallel.matrix.length).toBe(parallel.routes.length);
  });

  it('a worker that dies loses no file: its batches are analysed by the scanning thread', async () => {
    const crashing = new ScanWorkerPool({ size: 2, workerUrl: new URL('data:text/javascript,throw new Error("worker start failed")') });
    try {
      const files = { ...fixtureApps().find(([name]) => name === 'routes/js/express')![1], ...syntheticMonorepo(160) };
      const parallel = await review(files, crashing);
      expect(crashing.stats.files).toBe(0);
      // Once three workers in a row died unborn the pool starts no more: of the 25+ batches, only
      // those queued on the (at most four) workers started by then failed; the rest came here at once.
      expect(Object.keys(files).length).toBeGreaterThan(200);
      expect(crashing.stats.failedBatches).toBeLessThanOrEqual(8);
      expect(parallel.scan.notes).toEqual([expect.stringMatching(/^A scan worker thread failed \(.*\); its files were analysed by the main thread\.$/)]);
      expect(crashing.stats.failedBatches).toBeGreaterThan(0);
      const { notes: _notes, ...scan } = parallel.scan;
      expect({ ...parallel, scan }).toEqual(await review(files, null));
    } finally {
      await crashing.close();
    }
  });

  it('a tree of a few hundred files waits for no worker to start, but uses running ones', async () => {
    const cold = new ScanWorkerPool({ size: 2, workerUrl: WORKER });
    try {
      const tree = new MemoryTree('head', syntheticMonorepo(200));
      await scanTree(tree, [new RouteCollector()], { workers: cold });
      expect(cold.started).toBe(false);
      expect(cold.stats.files).toBe(0);
      cold.warm();
      expect(cold.started).toBe(true);
      await scanTree(tree, [new RouteCollector()], { workers: cold });
      const scanned = await scanTree(tree, [new RouteCollector()], { workers: null });
      expect(cold.stats.files).toBe(scanned.parsed + scanned.documents + scanned.skipped.length);
    } finally {
      await cold.close();
    }
  });

  it('small trees stay in this thread unless told otherwise', async () => {
    const before = pool.stats.files;
    const collector = new RouteCollector();
    await scanTree(new MemoryTree('head', syntheticTypeScriptService(2)), [collector], { workers: pool });
    expect(pool.stats.files).toBe(before);
  });
});

describe('how many scan workers a process starts', () => {
  it.each([
    [undefined, 1, 0],
    [undefined, 2, 2],
    [undefined, 16, 4],
    ['', 8, 4],
    ['0', 8, 0],
    [' 3 ', 2, 3],
    ['1', 1, 1],
  ])('BACKEND_EXPERT_SCAN_WORKERS=%p on %i cores: %i', (configured, cores, expected) => {
    expect(scanWorkerCount(configured, cores)).toBe(expected);
  });

  it.each(['two', '-1', '1.5'])('refuses %p with a clear message', (configured) => {
    expect(() => scanWorkerCount(configured, 2)).toThrow(`BACKEND_EXPERT_SCAN_WORKERS must be a whole number of threads (0 for none), got "${configured}"`);
  });
});
