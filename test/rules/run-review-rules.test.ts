import { describe, expect, it } from '@jest/globals';
import { MemoryTree, type ChangeSource, type SourceTree } from '../../src/core/change-source.js';
import { defaultConfig } from '../../src/core/config/schema.js';
import { runReview } from '../../src/core/review/run-review.js';

/** A change held in memory: the diff text and the two trees. */
class MemoryChangeSource implements ChangeSource {
  readonly base = 'b'.repeat(40);
  readonly head = 'c'.repeat(40);
  constructor(private readonly diffText: string, private readonly trees: { base: SourceTree; head: SourceTree }) {}
  async diff(): Promise<string> {
    return this.diffText;
  }
  async tree(side: 'base' | 'head'): Promise<SourceTree> {
    return this.trees[side];
  }
}

const baseFile = [
  "import { pool } from './pool';",
  'export async function byName(name) {',
  "  return pool.query(`SELECT * FROM users WHERE name = '${name}'`);",
  '}',
];
const addedLines = [
  'export async function byEmail(email) {',
  "  return pool.query(`SELECT * FROM users WHERE email = '${email}'`);",
  '}',
  'export async function byRole(role) {',
  '  // backend-expert-disable-next-line injection/sql-string-built -- role is checked against an enum by the caller',
  "  return pool.query(`SELECT * FROM users WHERE role = '${role}'`);",
  '}',
];
const headFile = [...baseFile, ...addedLines];
const diffText = [
  'diff --git a/src/users/db.ts b/src/users/db.ts',
  'index 1111111..2222222 100644',
  '--- a/src/users/db.ts',
  '+++ b/src/users/db.ts',
  `@@ -1,${baseFile.length} +1,${headFile.length} @@`,
  ...baseFile.map((line) => ` ${line}`),
  ...addedLines.map((line) => `+${line}`),
  '',
].join('\n');

/** A diff that appends `added` to a file whose base content is `base`. */
function appendDiff(path: string, base: readonly string[], added: readonly string[]): string {
  return [
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -1,${base.length} +1,${base.length + added.length} @@`,
    ...base.map((line) => ` ${line}`),
    ...added.map((line) => `+${line}`),
    '',
  ].join('\n');
}

describe('rules through runReview', () => {
  it('judges new routes by their siblings, with routes from the real extractors', async () => {
    const app = "import express from 'express';\nimport { ordersRouter } from './orders';\nconst app = express();\napp.use('/api/v1/orders', ordersRouter);\napp.listen(3000);\n";
    const base = [
      "import { Router } from 'express';",
      "import { authenticate } from './auth';",
      'export const ordersRouter = Router();',
      "ordersRouter.get('/:id', authenticate, async (req, res) => res.json(await Order.findByPk(req.params.id)));",
      "ordersRouter.patch('/:id', authenticate, async (req, res) => res.json(await Order.update(req.params.id)));",
    ];
    const added = [
      "ordersRouter.delete('/:id', async (req, res) => {",
      '  await Order.destroy({ where: { id: req.params.id } });',
      '  res.sendStatus(204);',
      '});',
      "ordersRouter.get('/', authenticate, async (req, res) => {",
      '  res.json(await Order.findAll());',
      '});',
    ];
    const files = (order: string[]) => ({ 'package.json': '{"dependencies":{"express":"^4"}}', 'src/app.ts': app, 'src/orders.ts': `${order.join('\n')}\n` });
    const source = new MemoryChangeSource(appendDiff('src/orders.ts', base, added), {
      base: new MemoryTree('base', files(base)),
      head: new MemoryTree('head', files([...base, ...added])),
    });
    const result = await runReview({ source, config: defaultConfig() });
    expect(result.findings.map((f) => ({ rule: f.rule, line: f.line, title: f.title }))).toEqual([
      { rule: 'auth/missing-route-auth', line: 6, title: 'DELETE /api/v1/orders/{id} has no authentication, unlike the routes beside it' },
      { rule: 'pagination/unbounded-list', line: 11, title: 'GET /api/v1/orders returns an unbounded collection' },
    ]);
    const row = result.checklistMatrix.find((r) => r.route === 'GET /api/v1/orders');
    expect(row?.items.find((i) => i.checklist === 'api.auth')).toEqual({ checklist: 'api.auth', status: 'satisfied', evidence: 'auth: authenticate' });
  });

  it('reports only on lines the PR adds, and honours suppression comments', async () => {
    const source = new MemoryChangeSource(diffText, {
      base: new MemoryTree('base', { 'src/users/db.ts': `${baseFile.join('\n')}\n`, 'package.json': '{}' }),
      head: new MemoryTree('head', { 'src/users/db.ts': `${headFile.join('\n')}\n`, 'package.json': '{}' }),
    });
    const result = await runReview({ source, config: defaultConfig() });
    expect(result.findings.map((f) => ({ rule: f.rule, path: f.path, line: f.line, severity: f.severity, inDiff: f.inDiff }))).toEqual([
      { rule: 'injection/sql-string-built', path: 'src/users/db.ts', line: 6, severity: 'high', inDiff: true },
    ]);
  });

  it('drops a rule the configuration turns off', async () => {
    const source = new MemoryChangeSource(diffText, {
      base: new MemoryTree('base', { 'src/users/db.ts': `${baseFile.join('\n')}\n` }),
      head: new MemoryTree('head', { 'src/users/db.ts': `${headFile.join('\n')}\n` }),
    });
    const config = { ...defaultConfig(), rules: { 'injection/sql-string-built': 'off' as const } };
    const result = await runReview({ source, config });
    expect(result.findings).toEqual([]);
  });
});
