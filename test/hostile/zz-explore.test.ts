import { it } from '@jest/globals';
import { MemoryChangeSource, MemoryTree, additionDiff } from '../../src/core/change-source.js';
import { defaultConfig } from '../../src/core/config/schema.js';
import { runReview } from '../../src/core/review/run-review.js';

const rep = (s: string, n: number) => s.repeat(n);
const gens: Record<string, (n: number) => string> = {
  'src/parens.ts': (n) => `export const a = ${rep('(\n', n)}1${rep('\n)', n)};\n`,
  'src/arrows.js': (n) => `app.get('/x', ${rep('() => {\n', n)}res.send(1)${rep('\n}', n)});\n`,
  'src/functions.js': (n) => `${rep('function f() {\n', n)}return 1;${rep('\n}', n)}\n`,
  'src/objects.ts': (n) => `export const o = ${rep('{ a:\n', n)}1${rep('\n}', n)};\n`,
  'src/elseif.ts': (n) => `export function g(x: number) {\n  if (x === 0) return 0;\n${Array.from({ length: n }, (_, i) => `  else if (x === ${i + 1}) return ${i};\n`).join('')}  return -1;\n}\n`,
  'src/concat.ts': (n) => `export const sql = 'SELECT 1'${rep("\n  + ' x'", n)};\n`,
  'src/chain.ts': (n) => `export const q = knex('t')${rep('\n  .where(1)', n)};\n`,
  'src/members.ts': (n) => `export const m = a${rep('\n.b', n)};\n`,
  'src/ternary.ts': (n) => `export const t = ${rep('x ? 1 :\n', n)}0;\n`,
  'src/template.ts': (n) => `export const s = ${rep('`${\n', n)}1${rep('}`\n', n)};\n`,
  'src/jsx.tsx': (n) => `export const j = ${rep('<div>\n', n)}x${rep('</div>\n', n)};\n`,
  'src/lists.py': (n) => `a = ${rep('[\n', n)}1${rep('\n]', n)}\n`,
  'src/concat.py': (n) => `a = 'x'${rep(" \\\n + 'y'", n)}\n`,
  'src/lambdas.py': (n) => `f = ${rep('lambda: (\n', n)}1${rep('\n)', n)}\n`,
  'src/calls.go': (n) => `package main\nfunc main() {\n\ta := ${rep('f(\n', n)}1${rep(',\n)', n)}\n\t_ = a\n}\n`,
  'src/funclits.go': (n) => `package main\nvar h = ${rep('func() {\n', n)}${rep('}\n', n)}\n`,
  'src/concat.go': (n) => `package main\nvar s = "a"${rep(' +\n"b"', n)}\n`,
  'src/Lambdas.java': (n) => `class Lambdas {\n  Runnable r = ${rep('() -> {\n', n)}${rep('};\n', n).slice(0, -2)};\n}\n`,
  'src/Concat.java': (n) => `class Concat {\n  String s = "a"${rep(' +\n"b"', n)};\n}\n`,
  'src/ElseIf.java': (n) => `class ElseIf {\n  int g(int x) {\n    if (x == 0) return 0;\n${Array.from({ length: n }, (_, i) => `    else if (x == ${i + 1}) return ${i};\n`).join('')}    return -1;\n  }\n}\n`,
};
const only = process.env.ONLY;
const depths = (process.env.DEPTHS ?? '1000,3000,10000').split(',').map(Number);
it('explore', async () => {
  for (const [path, gen] of Object.entries(gens)) {
    if (only && !path.includes(only)) continue;
    for (const n of depths) {
      const text = gen(n);
      const t0 = Date.now();
      const src = new MemoryChangeSource(new MemoryTree('b', {}), new MemoryTree('h', { [path]: text }), additionDiff({ [path]: text }));
      try {
        const r = await runReview({ source: src, config: defaultConfig() });
        process.stdout.write(`${path} n=${n} ${text.length}B ${Date.now() - t0}ms ${JSON.stringify(r.skippedTreeFiles.map((s) => s.reason))} ${JSON.stringify(r.skippedChanges)} f=${r.findings.length}\n`);
      } catch (e) {
        process.stdout.write(`${path} n=${n} THREW after ${Date.now() - t0}ms ${(e as Error).name} ${(e as Error).message.slice(0, 100)} ${(e as Error).stack?.split('\n').slice(1, 6).join(' / ')}\n`);
      }
    }
  }
}, 3600000);
