import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import type { HandlerRef, Route } from '../../../src/core/routes/types.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/routes/go');

/** Every file of a fixture project, by its path inside the project. */
export function loadFixture(name: string): Record<string, string> {
  const root = join(FIXTURES, name);
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** The route map of a tree of files; nothing may be skipped. */
export async function routesOf(files: Record<string, string>): Promise<Route[]> {
  const map = await buildRouteMap(new MemoryTree('head', files));
  expect(map.skipped).toEqual([]);
  return map.routes;
}

export interface ExpectedRoute {
  method: string;
  path: string;
  file: string;
  line: number;
  framework: string;
  /** [name, file, startLine, endLine]; name undefined for an inline literal. */
  handler?: [string | undefined, string, number, number];
  middleware?: string[];
  partial?: true;
  notes?: string[];
}

/** A route as `buildRouteMap` returns it; the signature is any 16-hex-digit hash. */
export function route(expected: ExpectedRoute): Route {
  const { handler, ...rest } = expected;
  const result: Route = { ...rest, middleware: expected.middleware ?? [], signature: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown as string };
  if (handler) {
    const [name, file, startLine, endLine] = handler;
    const ref: HandlerRef = { file, startLine, endLine };
    if (name !== undefined) ref.name = name;
    result.handler = ref;
  }
  return result;
}
