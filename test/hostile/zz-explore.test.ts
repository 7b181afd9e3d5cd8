import { it } from '@jest/globals';
import { MemoryChangeSource, MemoryTree, additionDiff } from '../../src/core/change-source.js';
import { defaultConfig } from '../../src/core/config/schema.js';
import { runReview } from '../../src/core/review/run-review.js';

const N = Number(process.env.DEPTH ?? 5000);
const files: Record<string, string> = {
  'src/deep-parens.ts': `export const a = ${'(\n'.repeat(N)}1${'\n)'.repeat(N)};\n`,
  'src/deep-arrays.ts': `export const b = ${'[\n'.repeat(N)}1${'\n]'.repeat(N)};\n`,
  'src/deep-calls.ts': `export const c = ${'f(\n'.repeat(N)}1${'\n)'.repeat(N)};\n`,
  'src/deep-arrows.js': `app.get('/x', ${'() => {\n'.repeat(N)}res.send(1)${'\n}'.repeat(N)});\n`,
  'src/deep_parens.py': `a = ${'(\n'.repeat(N)}1${'\n)'.repeat(N)}\n`,
  'src/deep_calls.py': `a = ${'f(\n'.repeat(N)}1${'\n)'.repeat(N)}\n`,
  'src/deep.go': `package main\nfunc main() {\n\ta := ${'(\n'.repeat(N)}1${'\n)'.repeat(N)}\n\t_ = a\n}\n`,
  'src/deepcalls.go': `package main\nfunc main() {\n\ta := ${'f(\n'.repeat(N)}1${'\n)'.repeat(N)}\n\t_ = a\n}\n`,
  'src/Deep.java': `class Deep {\n  int a() {\n    return ${'(\n'.repeat(N)}1${'\n)'.repeat(N)};\n  }\n}\n`,
  'src/DeepCalls.java': `class DeepCalls {\n  int a() {\n    return ${'f(\n'.repeat(N)}1${'\n)'.repeat(N)};\n  }\n}\n`,
  'src/deep-binary.ts': `export const d = 1${'\n+ x'.repeat(N)};\n`,
  'src/deep-ifs.ts': `export function g(x) {\n${'if (x) {\n'.repeat(N)}return 1;\n${'}\n'.repeat(N)}}\n`,
};
const only = process.env.ONLY;
it('explore', async () => {
  for (const [path, text] of Object.entries(files)) {
    if (only && !path.includes(only)) continue;
    const t0 = Date.now();
    const src = new MemoryChangeSource(new MemoryTree('b', {}), new MemoryTree('h', { [path]: text }), additionDiff({ [path]: text }));
    try {
      const r = await runReview({ source: src, config: defaultConfig() });
      console.log(path, Date.now() - t0, 'ms', JSON.stringify(r.skippedTreeFiles), JSON.stringify(r.skippedChanges), r.findings.length);
    } catch (e) {
      console.log(path, 'THREW', (e as Error).name, (e as Error).message.slice(0, 200), (e as Error).stack?.split('\n').slice(0, 8).join('\n'));
    }
  }
}, 600000);
