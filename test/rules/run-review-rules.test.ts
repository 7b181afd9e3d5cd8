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

describe('rules through runReview', () => {
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
