import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up to package.json: the benchmarks run both from bench/*.ts
 * (the test suite) and from dist-bench/bench/*.js (`npm run bench`), so paths relative to
 * `import.meta.url` would differ between the two. Fixtures and the shipped agents are read from here.
 */
function findProjectRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('bench: no package.json above the benchmark modules');
    directory = parent;
  }
  return directory;
}

export const PROJECT_ROOT = findProjectRoot();

/** A path inside the repository. */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
