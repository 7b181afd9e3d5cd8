import { describe, expect, it } from '@jest/globals';
import { RuleRunner } from '../../src/core/rules/run-rules.js';
import { unboundedList } from '../../src/core/rules/pagination-unbounded-list.js';
import { missingRouteAuth } from '../../src/core/rules/auth-missing-route-auth.js';
import { sqlStringBuilt } from '../../src/core/rules/injection-sql-string-built.js';
import { runRuleCase } from './rule-tester.js';

describe('RuleRunner', () => {
  it('exposes suppression comments by path and line', async () => {
    const code = "// backend-expert-disable-next-line injection/sql-string-built, auth/missing-route-auth -- reviewed\nexport const q = (name) => pool.query(`SELECT * FROM t WHERE a = '${name}'`);\n";
    const runner = new RuleRunner({ changedLines: new Map([['src/a.ts', new Set([1, 2])]]), settings: {}, rules: [sqlStringBuilt] });
    const { parseSnippet } = await import('../../src/core/source/language.js');
    runner.onFile(parseSnippet('typescript', code, 'src/a.ts'));
    expect([...(runner.suppressions().get('src/a.ts')?.get(2) ?? [])]).toEqual(['injection/sql-string-built', 'auth/missing-route-auth']);
  });

  it('rejects invalid rule options with the rule id in the message', () => {
    expect(() => new RuleRunner({ changedLines: new Map(), settings: { 'pagination/unbounded-list': { options: { paginationParams: 'size' } } }, rules: [unboundedList] })).toThrow(/rules\.pagination\/unbounded-list\.options/);
  });

  it('builds a checklist row per changed route', async () => {
    const { matrix } = await runRuleCase(missingRouteAuth, {
      language: 'js',
      code: "router.get('/a', authenticate, a);\nrouter.get('/b', authenticate, b);\nrouter.post('/login', login);\n",
      routes: [
        { method: 'GET', path: '/a', line: 1, middleware: ['authenticate'], change: 'unchanged' },
        { method: 'GET', path: '/b', line: 2, middleware: ['authenticate'] },
        { method: 'POST', path: '/login', line: 3 },
      ],
    });
    expect(matrix.map((row) => ({ route: row.route, auth: row.items.find((item) => item.checklist === 'api.auth') }))).toEqual([
      { route: 'GET /b', auth: { checklist: 'api.auth', status: 'satisfied', evidence: 'auth: authenticate' } },
      { route: 'POST /login', auth: { checklist: 'api.auth', status: 'not-applicable', evidence: 'public by nature' } },
    ]);
    expect(matrix[0]!.items).toHaveLength(23);
  });

  it('marks the checklist item of a finding on the route', async () => {
    const { matrix } = await runRuleCase(unboundedList, {
      language: 'js',
      code: "router.get('/articles', async (req, res) => {\n  res.json(await Article.findAll());\n});\n",
      routes: [{ method: 'GET', path: '/articles', line: 1, handler: [1, 3] }],
    });
    expect(matrix[0]!.items.find((item) => item.checklist === 'api.pagination')).toEqual({ checklist: 'api.pagination', status: 'finding', evidence: 'pagination/unbounded-list at src/routes/app.ts:2' });
  });
});
