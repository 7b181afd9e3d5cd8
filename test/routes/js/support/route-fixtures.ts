import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryTree } from '../../../../src/core/change-source.js';
import { buildRouteMap } from '../../../../src/core/routes/build-route-map.js';
import type { Route } from '../../../../src/core/routes/types.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/routes/js/', import.meta.url));

/**
 * Reads a fixture application into a tree, paths relative to its folder. TypeScript sources are
 * stored as `*.ts.fixture` so that the project's type check does not compile them (they import
 * packages that are not installed); the suffix is dropped here.
 */
export function fixtureTree(name: string): MemoryTree {
  const root = join(FIXTURES, name);
  const files: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) visit(full);
      else files[relative(root, full).split('\\').join('/').replace(/\.fixture$/, '')] = readFileSync(full, 'utf8');
    }
  };
  visit(root);
  return new MemoryTree('head', files);
}

/** A route without its signature (a hash, asserted separately), for comparing whole route lists. */
export type RouteView = Omit<Route, 'signature'>;

/** The routes of a tree, signatures checked for shape and left out. */
export async function routesOf(tree: MemoryTree): Promise<RouteView[]> {
  const map = await buildRouteMap(tree);
  return map.routes.map(({ signature, ...rest }) => {
    if (!/^[0-9a-f]{16}$/.test(signature)) throw new Error(`bad signature ${signature}`);
    return rest;
  });
}

/** The routes of a tree with their signatures. */
export async function routesWithSignatures(tree: MemoryTree): Promise<Route[]> {
  return (await buildRouteMap(tree)).routes;
}

/** Builds expected routes of one framework: `route('GET', '/api/tags', 'routes/tags.js', 6, { handler: h(…) })`. */
export function routeBuilder(framework: string) {
  return (method: string, path: string, file: string, line: number, rest: Partial<RouteView> = {}): RouteView => ({
    method,
    path,
    file,
    line,
    framework,
    middleware: [],
    ...rest,
  });
}

/** An expected handler reference. */
export function h(file: string, startLine: number, endLine: number, name?: string): NonNullable<Route['handler']> {
  return name === undefined ? { file, startLine, endLine } : { name, file, startLine, endLine };
}
