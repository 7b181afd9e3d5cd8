import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from './project-root.js';

/**
 * A runnable path for a benchmark's child-process entry (`bench/<name>.ts`). Under `npm run bench` the
 * benchmarks are compiled to dist-bench/bench/ and the compiled sibling runs as is; under the test
 * suite they run from TypeScript source, so the entry is bundled with esbuild first (dependencies
 * stay external: the bundle lives under dist-bench/ and resolves them from the project's node_modules).
 */
export async function childScript(name: string): Promise<string> {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) {
    const compiled = join(dirname(here), `${name}.js`);
    if (!existsSync(compiled)) throw new Error(`bench: ${compiled} is missing; run \`tsc -p tsconfig.bench.json\``);
    return compiled;
  }
  const outfile = join(PROJECT_ROOT, 'dist-bench', '.test-cache', `${name}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  const { build } = await import('esbuild');
  await build({ entryPoints: [join(PROJECT_ROOT, 'bench', `${name}.ts`)], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'silent' });
  return outfile;
}
