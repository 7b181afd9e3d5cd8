import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import type { Route } from '../../../src/core/routes/types.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/routes/', import.meta.url));

/** Every file under test/fixtures/routes/<name>, keyed by its path inside the app (as a repository would). */
export function fixtureFiles(name: string): Record<string, string> {
  const root = join(FIXTURES, name);
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** A head tree of a fixture app, with optional files added or replaced. */
export function fixtureTree(name: string, overrides: Record<string, string> = {}): MemoryTree {
  return new MemoryTree('head', { ...fixtureFiles(name), ...overrides });
}

/** Routes without their signatures (hashes), after checking each signature is one. */
export function withoutSignatures(routes: readonly Route[]): Array<Omit<Route, 'signature'>> {
  for (const route of routes) expect(route.signature).toMatch(/^[0-9a-f]{16}$/);
  return routes.map(({ signature: _signature, ...rest }) => rest);
}
