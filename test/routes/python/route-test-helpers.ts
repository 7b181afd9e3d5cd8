import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import type { Route } from '../../../src/core/routes/types.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/routes/python/', import.meta.url));

/** Every file under test/fixtures/routes/python/<name>, keyed by its path inside that folder. */
export function fixtureFiles(name: string): Record<string, string> {
  const root = join(FIXTURES, name);
  const files: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else files[relative(root, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  visit(root);
  return files;
}

/** The routes of a tree given as files (a fixture or an inline object). */
export async function routesOf(files: Record<string, string>): Promise<Route[]> {
  return (await buildRouteMap(new MemoryTree('head', files))).routes;
}

/**
 * One line per route with everything but the signature and the notes (tests assert those on their own):
 * `GET /api/items | app/routes.py:12 | fastapi | list_items app/routes.py:13-20 | Depends(get_db), auth | partial`.
 */
export function row(route: Route): string {
  const handler = route.handler ? `${route.handler.name ?? '?'} ${route.handler.file}:${route.handler.startLine}-${route.handler.endLine}` : '-';
  const parts = [`${route.method} ${route.path}`, `${route.file}:${route.line}`, route.framework, handler, route.middleware.join(', ') || '-'];
  if (route.partial) parts.push('partial');
  return parts.join(' | ');
}

/** The rows of a tree's routes, in the route map's order. */
export async function rowsOf(files: Record<string, string>): Promise<string[]> {
  return (await routesOf(files)).map(row);
}

/** Every distinct note of a route list. */
export function notesOf(routes: readonly Route[]): string[] {
  return [...new Set(routes.flatMap((route) => route.notes ?? []))].sort();
}
