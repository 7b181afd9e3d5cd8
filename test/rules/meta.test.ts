import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isChecklistId } from '../../src/core/checklist.js';
import { RULES } from '../../src/core/rules/index.js';
import { renderRulesDoc } from '../../src/core/rules/render-rules-doc.js';
import type { AnyRule, ExampleRoute, RuleLanguage } from '../../src/core/rules/types.js';
import { runRuleCase, summarise, type CaseRoute } from './rule-tester.js';

const testSources = readdirSync('test/rules').filter((name) => name.endsWith('.test.ts')).map((name) => readFileSync(`test/rules/${name}`, 'utf8'));
const fileOf = (rule: AnyRule) => rule.id.replace('/', '-');
const asCaseRoutes = (routes: ExampleRoute[] | undefined): CaseRoute[] | undefined => routes?.map((route) => ({ ...route }));

describe('rule registry', () => {
  it('has unique ids, valid checklist items and message templates', () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(isChecklistId(rule.meta.checklist)).toBe(true);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      expect(rule.meta.rationale.length).toBeGreaterThan(80);
      expect(rule.checkFile ?? rule.checkProject).toBeDefined();
    }
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s lives in its own file and has tests', (_id, rule) => {
    expect(existsSync(`src/core/rules/${fileOf(rule)}.ts`)).toBe(true);
    expect(testSources.some((source) => source.includes(`/rules/${fileOf(rule)}.js'`))).toBe(true);
  });

  it('docs/rules.md is generated from the current metadata (run npm run docs)', () => {
    expect(readFileSync('docs/rules.md', 'utf8')).toBe(renderRulesDoc(RULES));
  });
});

const examples = RULES.flatMap((rule) =>
  Object.entries(rule.meta.examples).map(([language, example]) => [`${rule.id} (${language})`, rule, language as RuleLanguage, example!] as const),
);

describe('rule examples', () => {
  it('every rule has at least one example', () => {
    for (const rule of RULES) expect(Object.keys(rule.meta.examples).length).toBeGreaterThan(0);
  });

  it.each(examples)('%s: the bad example reports, the good one does not', async (_name, rule, language, example) => {
    const shared = {
      language,
      status: 'added' as const,
      ...(example.addedLines ? { addedLines: example.addedLines } : {}),
      ...(example.path ? { path: example.path } : {}),
      ...(example.files ? { files: example.files } : {}),
      ...(example.baseFiles ? { baseFiles: example.baseFiles } : {}),
    };
    const bad = await runRuleCase(rule, { ...shared, code: example.bad, routes: asCaseRoutes(example.badRoutes), baseRoutes: asCaseRoutes(example.badBaseRoutes) });
    const good = await runRuleCase(rule, { ...shared, code: example.good, routes: asCaseRoutes(example.goodRoutes), baseRoutes: asCaseRoutes(example.goodBaseRoutes) });
    expect(summarise(bad).length).toBeGreaterThan(0);
    expect(summarise(good)).toEqual([]);
  });
});
