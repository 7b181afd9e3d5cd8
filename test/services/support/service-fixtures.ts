import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryTree } from '../../../src/core/change-source.js';
import { scanTree } from '../../../src/core/analysis/scan-tree.js';
import type { DiffFile } from '../../../src/core/diff/parse-unified-diff.js';
import { RouteCollector, readEnvDefaults } from '../../../src/core/routes/build-route-map.js';
import { diffRoutes } from '../../../src/core/routes/diff-routes.js';
import type { Route } from '../../../src/core/routes/types.js';
import { buildServiceChanges } from '../../../src/core/services/build-service-changes.js';
import { ServiceCollector } from '../../../src/core/services/service-collector.js';
import type { ChainStep, Service, ServiceChanges, ServiceMap } from '../../../src/core/services/types.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/services/', import.meta.url));

/**
 * A fixture repository as a tree, paths relative to its folder. Sources are stored as `*.fixture`
 * so that the project's type check and linters leave them alone; the suffix is dropped here.
 */
export function fixtureTree(name: string): MemoryTree {
  return new MemoryTree('head', readFixtureFolder(join(FIXTURES, name)));
}

/** Every file below a folder, by its path inside it, with the `.fixture` suffix dropped. */
export function readFixtureFolder(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) visit(full);
      else files[relative(root, full).split('\\').join('/').replace(/\.fixture$/, '')] = readFileSync(full, 'utf8');
    }
  };
  visit(root);
  return files;
}

/** One pass over a tree with the route and service collectors together, as the review does. */
export async function mapTree(tree: MemoryTree): Promise<{ map: ServiceMap; routes: Route[]; routeCollector: RouteCollector; services: ServiceCollector }> {
  const routeCollector = new RouteCollector();
  const services = new ServiceCollector();
  await scanTree(tree, [routeCollector, services]);
  const routes = routeCollector.link({ paths: await tree.paths(), envDefaults: await readEnvDefaults(tree) });
  return { map: await services.link({ tree, routes }), routes, routeCollector, services };
}

/** A diff that rewrites every file that differs between two trees (all lines added/deleted). */
export async function wholeFileDiff(base: MemoryTree, head: MemoryTree): Promise<DiffFile[]> {
  const diff: DiffFile[] = [];
  const basePaths = new Set(await base.paths());
  const headPaths = new Set(await head.paths());
  const lineCount = (text: string | undefined): number => (text === undefined ? 0 : text.split('\n').length);
  for (const path of new Set([...basePaths, ...headPaths])) {
    const before = await base.read(path);
    const after = await head.read(path);
    if (before === after) continue;
    const oldLines = lineCount(before);
    const newLines = lineCount(after);
    const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
    diff.push({
      path,
      status: before === undefined ? 'added' : after === undefined ? 'deleted' : 'modified',
      binary: false,
      hunks: [{ oldStart: before === undefined ? 0 : 1, oldLines, newStart: after === undefined ? 0 : 1, newLines, rightLines: range(newLines), leftLines: range(oldLines), addedLines: range(newLines), deletedLines: range(oldLines) }],
      additions: newLines,
      deletions: oldLines,
    });
  }
  return diff;
}

/** Service changes of a PR, computed the way the review pipeline does (head pass, seeded base pass). */
export async function serviceChangesOf(base: MemoryTree, head: MemoryTree): Promise<{ changes: ServiceChanges; headMap: ServiceMap; baseMap: ServiceMap }> {
  const diff = await wholeFileDiff(base, head);
  const { map: headMap, routes: headRoutes, routeCollector, services } = await mapTree(head);
  const changedPaths = new Set(diff.map((file) => file.path));
  const changedBasePaths = new Set(diff.filter((file) => file.status !== 'added').map((file) => file.oldPath ?? file.path));
  const baseRouteCollector = routeCollector.seededWith((path) => !changedPaths.has(path));
  const baseCollector = services.seededWith((path) => !changedPaths.has(path));
  await scanTree(base, [baseRouteCollector, baseCollector], { only: changedBasePaths });
  const baseRoutes = baseRouteCollector.link({ paths: await base.paths(), envDefaults: await readEnvDefaults(base) });
  const baseMap = await baseCollector.link({ tree: base, routes: baseRoutes });
  const changes = buildServiceChanges({ base: baseMap, head: headMap, diff, routeChanges: diffRoutes(baseRoutes, headRoutes) });
  return { changes, headMap, baseMap };
}

/** A service's dependencies as one line each: `kind direction system target → service`. */
export function dependencyLines(service: Service | undefined): string[] {
  return (service?.dependencies ?? []).map((d) => [d.kind, d.direction, d.system, d.target, d.service ? `→ ${d.service}` : undefined].filter(Boolean).join(' '));
}

/** A chain as indented lines: `function [roles] {reaches}`. */
export function chainLines(step: ChainStep | undefined, depth = 0): string[] {
  if (!step) return [];
  const line = `${'  '.repeat(depth)}${step.function} [${step.roles.join(', ')}]${step.reaches.length > 0 ? ` {${step.reaches.join('; ')}}` : ''}`;
  return [line, ...step.calls.flatMap((call) => chainLines(call, depth + 1))];
}

/** Roles by path, for the files given. */
export function rolesOf(map: ServiceMap, paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [path, `${map.files[path]?.service ?? '?'}: ${(map.files[path]?.roles ?? []).join(', ')}`]));
}
