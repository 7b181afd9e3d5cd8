import { describe, expect, it } from '@jest/globals';
import type { SgNode } from '@ast-grep/napi';
import { scanTree, type TreeScanner } from '../../src/core/analysis/scan-tree.js';
import { additionDiff, MemoryChangeSource, MemoryTree } from '../../src/core/change-source.js';
import { defaultConfig } from '../../src/core/config/schema.js';
import { runReview, type ReviewResult } from '../../src/core/review/run-review.js';
import { isDeeperThan, isParsed, languageOf, parseSnippet, parseSource, type ParsedFile } from '../../src/core/source/language.js';

/**
 * Sources that break naive analysers: trees thousands of levels deep, generated blobs, minified
 * bundles, odd bytes. Each is either analysed or listed with a reason; the review always completes,
 * in bounded time, and the ordinary files beside them are reviewed exactly as they would be alone.
 */

const DEEP_REASON = 'nested deeper than 1000 levels (generated or obfuscated code)';

/** `open`×n, then `middle`, then `close`×n, one bracket per line (no line is long: only depth is odd). */
function nested(n: number, open: string, middle: string, close: string): string {
  return `${open.repeat(n)}${middle}${close.repeat(n)}`;
}

/** An Express route that builds SQL from the query string: a known finding on line 5. */
const USERS_ROUTE = [
  "import express from 'express';",
  "import { pool } from './db';",
  'export const users = express.Router();',
  "users.get('/api/v1/users', async (req, res) => {",
  "  const rows = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);",
  '  res.json(rows);',
  '});',
  '',
].join('\n');

/** The same kind of route written with CRLF line ends: the finding must land on line 4 all the same. */
const CRLF_ROUTE = [
  "const express = require('express');",
  'const orders = express.Router();',
  "orders.get('/api/v1/orders', async (req, res) => {",
  "  res.json(await db.query('SELECT * FROM orders WHERE status = \\'' + req.query.status + '\\''));",
  '});',
  'module.exports = orders;',
  '',
].join('\r\n');

const ORDINARY: Record<string, string> = { 'src/routes/users.ts': USERS_ROUTE, 'src/routes/orders.js': CRLF_ROUTE };

/** Files no parser or rule should choke on, with the reason each is skipped (absent: it is analysed). */
const PATHOLOGICAL: Record<string, { text: string; skipped?: string; change?: string }> = {
  // Deep trees: JS recursion in extractors overflows near 5,000 levels; nested callbacks and long
  // method chains made a service reader quadratic (20,000 callbacks: minutes, not milliseconds).
  'src/deep/parens.ts': { text: `export const a = ${nested(5_000, '(\n', '1', '\n)')};\n`, skipped: DEEP_REASON },
  'src/deep/arrays.ts': { text: `export const b = ${nested(5_000, '[\n', '1', '\n]')};\n`, skipped: DEEP_REASON },
  'src/deep/callbacks.js': { text: `app.get('/x', ${nested(20_000, '() => {\n', 'res.send(1)', '\n}')});\n`, skipped: DEEP_REASON },
  'src/deep/chain.ts': { text: `export const q = knex('t')${'\n  .where(1)'.repeat(30_000)};\n`, skipped: DEEP_REASON },
  'src/deep/concat.ts': { text: `export const sql = 'SELECT 1'${"\n  + ' x'".repeat(5_000)};\n`, skipped: DEEP_REASON },
  'src/deep/very-deep.ts': { text: `export const c = ${nested(100_000, '(\n', '1', '\n)')};\n`, skipped: DEEP_REASON },
  'src/deep/calls.py': { text: `value = ${nested(5_000, 'f(\n', '1', '\n)')}\n`, skipped: DEEP_REASON },
  'src/deep/lists.py': { text: `value = ${nested(5_000, '[\n', '1', '\n]')}\n`, skipped: DEEP_REASON },
  'src/deep/calls.go': { text: `package deep\n\nvar v = ${nested(5_000, 'f(\n', '1', ',\n)')}\n`, skipped: DEEP_REASON },
  'src/deep/Calls.java': { text: `class Calls {\n  int v() {\n    return ${nested(5_000, 'f(\n', '1', '\n)')};\n  }\n}\n`, skipped: DEEP_REASON },
  // Size and shape limits.
  'src/schema-types.ts': {
    text: Array.from({ length: 60_000 }, (_, i) => `export const FIELD_${i} = ${i};\n`).join(''),
    skipped: 'larger than 1000 kB',
  },
  'public/vendor.js': {
    text: `!function(){${Array.from({ length: 20_000 }, (_, i) => `var a${i}=${i};`).join('')}}();\n`,
    skipped: 'minified or generated (a line longer than 5000 characters)',
  },
  'src/app.min.js': { text: 'var a=1;\n', change: 'generated' },
  // Odd bytes: analysed like any other file.
  'src/no-newline.ts': { text: 'export const x = 1;' },
  'src/bom-only.ts': { text: '\uFEFF' },
  'src/empty.go': { text: '' },
  'src/nul.ts': { text: 'export const a = "\u0000";\n\u0000\u0000\u0000\n' },
  'src/invalid_utf8.py': { text: Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x27, 0xff, 0xfe, 0xc3, 0x27, 0x0a]).toString('utf8') },
  'src/lone-surrogate.ts': { text: 'export const s = "\uD800";\n' },
  'src/Crlf.java': { text: 'class Crlf {\r\n  int v() {\r\n    return 1;\r\n  }\r\n}\r\n' },
  // Documents: an OpenAPI spec nested 20,000 levels, and one with a YAML alias bomb (9^7 nodes if expanded).
  'api/deep.json': {
    text: `{"openapi":"3.0.0","paths":{"/deep":{"get":{"responses":{"200":{"content":{"application/json":{"schema":${nested(20_000, '{"items":\n', '{}', '}\n')}}}}}}}}}`,
    skipped: 'Maximum call stack size exceeded',
  },
  'api/aliases.yaml': {
    text: [
      'openapi: 3.0.0',
      'x-a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...['b', 'c', 'd', 'e', 'f', 'g'].map((name, i) => `x-${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
      'paths:',
      '  /aliases:',
      '    get:',
      '      responses: {}',
      '',
    ].join('\n'),
  },
};

function review(files: Record<string, string>): Promise<ReviewResult> {
  const source = new MemoryChangeSource(new MemoryTree('b'.repeat(40), {}), new MemoryTree('c'.repeat(40), files), additionDiff(files));
  return runReview({ source, config: defaultConfig() });
}

function staticFindings(result: ReviewResult): Array<{ rule: string; path: string; line: number }> {
  return result.findings.map((finding) => ({ rule: finding.rule, path: finding.path, line: finding.line }));
}

describe('a review over pathological sources', () => {
  it('completes in bounded time, lists every file it could not read with a reason, and reviews the rest as if alone', async () => {
    const alone = await review(ORDINARY);
    const files = { ...ORDINARY, ...Object.fromEntries(Object.entries(PATHOLOGICAL).map(([path, { text }]) => [path, text])) };

    const started = Date.now();
    const result = await review(files);
    // A hang is the failure mode (one nested-callback file used to take minutes), not speed.
    expect(Date.now() - started).toBeLessThan(30_000);

    expect(staticFindings(result)).toEqual(staticFindings(alone));
    expect(staticFindings(result)).toEqual(
      expect.arrayContaining([
        { rule: 'injection/sql-string-built', path: 'src/routes/users.ts', line: 5 },
        { rule: 'injection/sql-string-built', path: 'src/routes/orders.js', line: 4 },
      ]),
    );
    const routes = (changes: ReviewResult['routeChanges']) => changes.map((change) => `${change.kind} ${change.route.method} ${change.route.path} ${change.route.file}`).sort();
    expect(routes(result.routeChanges)).toEqual([...routes(alone.routeChanges), 'added GET /aliases api/aliases.yaml'].sort());

    const expectedTree = Object.entries(PATHOLOGICAL).flatMap(([path, { skipped }]) => (skipped ? [{ path, reason: skipped }] : []));
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect([...result.skippedTreeFiles].sort(byPath)).toEqual(expectedTree.sort(byPath));
    expect(result.skippedChanges).toEqual(Object.entries(PATHOLOGICAL).flatMap(([path, { change }]) => (change ? [{ path, reason: change }] : [])));

    // Every other source file was parsed and handed to every scanner.
    const analysed = Object.keys(files).filter((path) => languageOf(path) && !PATHOLOGICAL[path]?.skipped && !PATHOLOGICAL[path]?.change);
    expect(result.stats.treeFilesParsed).toBe(analysed.length);
  });
});

describe('sources nested just under the depth limit', () => {
  /** The deepest each construct may go and still be read (its tree is at most 1,000 levels deep). */
  const NEAR_LIMIT: Record<string, string> = {
    'src/near/parens.ts': `export const a = ${nested(996, '(\n', '1', '\n)')};\n`,
    'src/near/callbacks.js': `app.get('/x', ${nested(331, '() => {\n', 'res.send(1)', '\n}')});\n`,
    'src/near/objects.ts': `export const o = ${nested(498, '{ a:\n', '1', '\n}')};\n`,
    'src/near/concat.ts': `export const sql = 'SELECT 1'${"\n  + ' x'".repeat(995)};\n`,
    'src/near/chain.ts': `export const q = knex('t')${'\n  .where(1)'.repeat(496)};\n`,
    'src/near/template.ts': `export const s = ${nested(498, '`${\n', '1', '}`\n')};\n`,
    'src/near/lists.py': `value = ${nested(997, '[\n', '1', '\n]')}\n`,
    'src/near/concat.py': `value = 'x'${" \\\n + 'y'".repeat(996)}\n`,
    'src/near/calls.go': `package near\n\nvar v = ${nested(497, 'f(\n', '1', ',\n)')}\n`,
    'src/near/funclits.go': `package near\n\nvar h = ${nested(249, 'func() {\n', '', '}\n')}\n`,
    'src/near/Concat.java': `class Concat {\n  String s = "a"${' +\n"b"'.repeat(994)};\n}\n`,
    'src/near/Lambdas.java': `class Lambdas {\n  Runnable r = ${'() -> {\n'.repeat(332)}${'};\n'.repeat(332).slice(0, -2)};\n}\n`,
  };

  it('are read by every scanner without exhausting the call stack', async () => {
    for (const [path, text] of Object.entries(NEAR_LIMIT)) {
      const file = parseSource(path, text);
      expect([path, isParsed(file) && !isDeeperThan(file.root, 1_000)]).toEqual([path, true]);
    }
    const started = Date.now();
    const result = await review({ ...ORDINARY, ...NEAR_LIMIT });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.skippedTreeFiles).toEqual([]);
    expect(result.stats.treeFilesParsed).toBe(Object.keys(ORDINARY).length + Object.keys(NEAR_LIMIT).length);
  });
});

describe('parse limits', () => {
  /** Tree height by an independent walk (every child, named or not). */
  function height(root: SgNode): number {
    let max = 0;
    const stack: Array<[SgNode, number]> = [[root, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      max = Math.max(max, depth);
      for (const child of node.children()) stack.push([child, depth + 1]);
    }
    return max;
  }

  it.each([
    ['shallow (the native probe answers)', 20],
    ['just past the native probe', 60],
    ['deep (walked in JS)', 400],
  ])('measures depth exactly: %s', (_label, n) => {
    const root = parseSnippet('typescript', `export const a = ${nested(n, '(\n', '1', '\n)')};\n`).root;
    const h = height(root);
    expect([isDeeperThan(root, h - 1), isDeeperThan(root, h), isDeeperThan(root, h + 1)]).toEqual([true, false, false]);
    // Around the probe's own size too: the limit is what counts, not how deep the probe looks.
    expect([isDeeperThan(root, 99), isDeeperThan(root, 100), isDeeperThan(root, 1_000)]).toEqual([h > 99, h > 100, h > 1_000]);
  });

  it('reads hand-written code of every language (the limit is far above real nesting)', () => {
    const samples: Record<string, string> = {
      'a.ts': `export function f(x: number) {\n  return [1, 2, 3].map((y) => ({ a: { b: { c: [y, x, (y + 1) * 2] } } }));\n}\n`,
      'a.py': 'def f(x):\n    if x:\n        for y in x:\n            while y:\n                y = [[(1, 2)], {"a": {"b": y}}]\n',
      'a.go': 'package a\n\nfunc f(x []int) int {\n\tfor _, y := range x {\n\t\tif y > 0 {\n\t\t\treturn g(h(y, func() int { return 1 }()))\n\t\t}\n\t}\n\treturn 0\n}\n',
      'A.java': 'class A {\n  int f(int[] x) {\n    for (int y : x) { if (y > 0) { return g(h(y, () -> 1)); } }\n    return 0;\n  }\n}\n',
    };
    expect(Object.entries(samples).map(([path, text]) => isParsed(parseSource(path, text)))).toEqual([true, true, true, true]);
  });

  it('skips by size and by line length before parsing, and by depth after', () => {
    const limits = { maxBytes: 100, maxLineLength: 20, maxDepth: 10 };
    expect([
      parseSource('a.ts', 'x'.repeat(101), limits),
      parseSource('b.ts', `${'y'.repeat(21)}\n`, limits),
      parseSource('c.ts', nested(12, '(\n', '1', ')'), limits),
    ]).toEqual([
      { path: 'a.ts', reason: 'larger than 0 kB' },
      { path: 'b.ts', reason: 'minified or generated (a line longer than 20 characters)' },
      { path: 'c.ts', reason: 'nested deeper than 10 levels (generated or obfuscated code)' },
    ]);
  });
});

describe('scanTree keeps one file\'s failure to that file', () => {
  const tree = new MemoryTree('h', {
    'src/a.ts': 'export const a = 1;\n',
    'src/bad.ts': 'export const bad = 1;\n',
    'src/c.ts': 'export const c = 1;\n',
    'api/openapi.yaml': 'openapi: 3.0.0\npaths: {}\n',
  });

  /** Records every file it sees; throws `error` on `failOn`. */
  function recorder(failOn?: string, error: () => Error = () => new Error('boom')): TreeScanner & { seen: string[] } {
    const seen: string[] = [];
    return {
      seen,
      onFile(file: ParsedFile) {
        if (file.path === failOn) throw error();
        seen.push(file.path);
      },
      onDocument(path: string) {
        if (path === failOn) throw error();
        seen.push(path);
      },
    };
  }

  it('lists a scanner\'s failure once per file, while the other scanners and files go on', async () => {
    const overflow = recorder('src/bad.ts', () => new RangeError('Maximum call stack size exceeded'));
    const sameOverflow = recorder('src/bad.ts', () => new RangeError('Maximum call stack size exceeded'));
    const healthy = recorder();
    const result = await scanTree(tree, [overflow, sameOverflow, healthy]);
    expect(result.skipped).toEqual([{ path: 'src/bad.ts', reason: 'nested too deeply to analyse (the call stack ran out)' }]);
    expect(overflow.seen).toEqual(['src/a.ts', 'src/c.ts', 'api/openapi.yaml']);
    expect(healthy.seen).toEqual(['src/a.ts', 'src/bad.ts', 'src/c.ts', 'api/openapi.yaml']);
    expect([result.parsed, result.documents]).toEqual([3, 1]);
  });

  it('catches a document scanner\'s failure too', async () => {
    const failing = recorder('api/openapi.yaml', () => new TypeError('bad document'));
    const result = await scanTree(tree, [failing]);
    expect(result.skipped).toEqual([{ path: 'api/openapi.yaml', reason: 'analysis failed: bad document' }]);
    expect(failing.seen).toEqual(['src/a.ts', 'src/bad.ts', 'src/c.ts']);
  });

  it('stops the remaining scanners on a file once its time budget is spent', async () => {
    const slow: TreeScanner = {
      onFile(file) {
        if (file.path !== 'src/bad.ts') return;
        const until = performance.now() + 40;
        while (performance.now() < until) {
          // a scanner stuck on one file (synchronous: it cannot be interrupted, only not followed)
        }
      },
    };
    const after = recorder();
    const result = await scanTree(tree, [slow, after], { fileBudgetMs: 10 });
    expect(after.seen).toEqual(['src/a.ts', 'src/c.ts', 'api/openapi.yaml']);
    expect(result.skipped.map((skip) => skip.path)).toEqual(['src/bad.ts']);
    expect(result.skipped[0]!.reason).toMatch(/^analysis stopped after \d+ ms \(budget 10 ms per file\)$/);
  });
});
