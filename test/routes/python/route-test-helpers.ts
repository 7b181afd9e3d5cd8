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

/** What a test compares: every field of a route except the signature hash (compared by its own tests). */
export interface RouteView {
  method: string;
  path: string;
  at: string;
  framework: string;
  handler?: string;
  middleware: string[];
  partial?: true;
  notes?: string[];
}

export function view(route: Route): RouteView {
  const result: RouteView = { method: route.method, path: route.path, at: `${route.file}:${route.line}`, framework: route.framework, middleware: route.middleware };
  if (route.handler) result.handler = `${route.handler.name ?? ''} ${route.handler.file}:${route.handler.startLine}-${route.handler.endLine}`;
  if (route.partial) result.partial = true;
  if (route.notes) result.notes = route.notes;
  return result;
}

export async function viewsOf(files: Record<string, string>): Promise<RouteView[]> {
  return (await routesOf(files)).map(view);
}
