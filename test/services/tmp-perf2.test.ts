import { it, expect } from '@jest/globals';
import { parseSource, isParsed, type ParsedFile } from '../../src/core/source/language.js';
import { ServiceCollector } from '../../src/core/services/service-collector.js';
import { callParts, receiverNames } from '../../src/core/rules/support/call-parts.js';
import { syntheticMonorepo } from '../../bench/synthetic-service.js';

it('perf2', async () => {
  const files = syntheticMonorepo(1500);
  const parsed: ParsedFile[] = [];
  let t = performance.now();
  for (const [path, text] of Object.entries(files)) { const p = parseSource(path, text); if (isParsed(p)) parsed.push(p); }
  const parse = performance.now() - t;
  const byLang: Record<string, number> = {};
  const c = new ServiceCollector();
  for (const file of parsed) { const s = performance.now(); c.onFile(file); byLang[file.language] = (byLang[file.language] ?? 0) + performance.now() - s; }
  t = performance.now();
  let n = 0;
  for (const file of parsed.filter((f) => f.language === 'typescript')) {
    for (const call of file.root.findAll({ rule: { any: [{ kind: 'call_expression' }, { kind: 'new_expression' }] } })) { n++; }
  }
  const findOnly = performance.now() - t;
  t = performance.now();
  for (const file of parsed.filter((f) => f.language === 'typescript')) {
    for (const call of file.root.findAll({ rule: { any: [{ kind: 'call_expression' }, { kind: 'new_expression' }] } })) { const p = callParts(call, 'js'); if (p) receiverNames(p.receiver, 'js'); }
  }
  const parts = performance.now() - t;
  console.log({ parse, byLang, tsCalls: n, findOnly, parts, counts: Object.fromEntries(['typescript','python','go','java'].map((l) => [l, parsed.filter((f) => f.language === l).length])) });
  expect(1).toBe(1);
}, 300000);
