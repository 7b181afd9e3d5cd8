import { it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { scanTree } from '../../src/core/analysis/scan-tree.js';
import { RouteCollector } from '../../src/core/routes/build-route-map.js';
import { ServiceCollector } from '../../src/core/services/service-collector.js';
import { RuleRunner } from '../../src/core/rules/run-rules.js';
import { defaultConfig } from '../../src/core/config/schema.js';
import { parseSource } from '../../src/core/source/language.js';

const N = Number(process.env.DEPTH ?? 5000);
const gens: Record<string, (n: number) => string> = {
  'src/deep-arrows.js': (n) => `app.get('/x', ${'() => {\n'.repeat(n)}res.send(1)${'\n}'.repeat(n)});\n`,
  'src/deep-ifs.ts': (n) => `export function g(x) {\n${'if (x) {\n'.repeat(n)}return 1;\n${'}\n'.repeat(n)}}\n`,
  'src/deep-parens.ts': (n) => `export const a = ${'(\n'.repeat(n)}1${'\n)'.repeat(n)};\n`,
  'src/deep_ifs.py': (n) => `def f(x):\n${Array.from({length: n}, (_, i) => ' '.repeat(i + 1) + 'if x:\n').join('')}${' '.repeat(n + 1)}return 1\n`,
  'src/deepcalls.go': (n) => `package main\nfunc main() {\n\ta := ${'f(\n'.repeat(n)}1${'\n)'.repeat(n)}\n\t_ = a\n}\n`,
  'src/DeepCalls.java': (n) => `class DeepCalls {\n  int a() {\n    return ${'f(\n'.repeat(n)}1${'\n)'.repeat(n)};\n  }\n}\n`,
};
const only = process.env.ONLY;
it('explore', async () => {
  for (const [path, gen] of Object.entries(gens)) {
    if (only && !path.includes(only)) continue;
    for (const n of [N / 4, N / 2, N]) {
      const text = gen(n);
      let t0 = Date.now();
      const p = parseSource(path, text);
      const parseMs = Date.now() - t0;
      const out: string[] = [`${path} n=${n} bytes=${text.length} parse=${parseMs}ms`];
      for (const [name, make] of [['routes', () => new RouteCollector()], ['services', () => new ServiceCollector()], ['rules', () => new RuleRunner({ changedLines: new Map([[path, new Set(Array.from({ length: 2 * n + 10 }, (_, i) => i + 1))]]), settings: defaultConfig().rules })]] as const) {
        t0 = Date.now();
        const r = await scanTree(new MemoryTree('h', { [path]: text }), [make()]);
        out.push(`${name}=${Date.now() - t0}ms ${r.skipped.map((s) => s.reason).join(';')}`);
      }
      console.log(out.join(' | '), 'reason' in p ? p.reason : '');
    }
  }
}, 600000);
