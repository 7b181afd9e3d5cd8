import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { scanTree } from '../../src/core/analysis/scan-tree.js';
import type { DiffFile, FileStatus } from '../../src/core/diff/parse-unified-diff.js';
import type { Finding } from '../../src/core/finding.js';
import type { Route, RouteChange } from '../../src/core/routes/types.js';
import { ServiceCollector } from '../../src/core/services/service-collector.js';
import { buildServiceChanges } from '../../src/core/services/build-service-changes.js';
import { RuleRunner, type RouteChecklist } from '../../src/core/rules/run-rules.js';
import type { AnyRule, ExampleRoute, RuleLanguage } from '../../src/core/rules/types.js';

/** Where a snippet of each family lives unless a case says otherwise (paths decide test/script exclusions). */
export const DEFAULT_PATHS: Record<RuleLanguage, string> = {
  js: 'src/routes/app.ts',
  python: 'app/views.py',
  go: 'internal/server/handlers.go',
  java: 'src/main/java/com/example/api/Controller.java',
};

/** A route of a case: the example shape plus where it is declared and how it changed. */
export interface CaseRoute extends ExampleRoute {
  /** File of the handler when it is not the declaration's. */
  handlerFile?: string;
  requiredInputs?: string[];
  partial?: boolean;
}

export interface RuleCase {
  name?: string;
  language: RuleLanguage;
  code: string;
  path?: string;
  /** Other files of the tree at HEAD (unchanged unless listed in `changedFiles`). */
  files?: Record<string, string>;
  changedFiles?: string[];
  /** Lines of the main file the PR adds; every line by default. */
  addedLines?: number[];
  /** Status of the main file in the diff. */
  status?: FileStatus;
  routes?: CaseRoute[];
  /** Routes at BASE that are gone at HEAD, or earlier versions of modified ones (by method+path). */
  baseRoutes?: CaseRoute[];
  options?: Record<string, unknown>;
  /**
   * The tree at BASE, for rules that compare services (dependencies added by the PR). By default the
   * head tree without the changed files (the main file and `changedFiles` are new).
   */
  baseFiles?: Record<string, string>;
}

export interface InvalidCase extends RuleCase {
  errors: Array<{ messageId: string; line: number; path?: string }>;
}

/** Runs one rule over a case the way the pipeline does (scan, then finish) and returns its outcome. */
export async function runRuleCase(rule: AnyRule, testCase: RuleCase): Promise<{ findings: Finding[]; matrix: RouteChecklist[]; messageIds: string[] }> {
  const path = testCase.path ?? DEFAULT_PATHS[testCase.language];
  const files = { ...(testCase.files ?? {}), [path]: testCase.code };
  const tree = new MemoryTree('head', files);
  const changed = new Map<string, Set<number>>();
  changed.set(path, new Set(testCase.addedLines ?? testCase.code.split('\n').map((_, i) => i + 1)));
  for (const other of testCase.changedFiles ?? []) changed.set(other, new Set(files[other]!.split('\n').map((_, i) => i + 1)));
  const settings = testCase.options ? { [rule.id]: { options: testCase.options } } : {};
  const runner = new RuleRunner({ changedLines: changed, settings, rules: [rule] });
  const headServices = new ServiceCollector();
  const scan = await scanTree(tree, [runner, headServices]);
  // A rule that throws is a bug the tests must show, not a skipped file.
  const failed = scan.skipped.find((skipped) => skipped.reason.startsWith('analysis failed'));
  if (failed) throw new Error(`${failed.path}: ${failed.reason}`);
  const headRoutes = (testCase.routes ?? []).map((r) => toRoute(r, path));
  const baseRoutes = (testCase.baseRoutes ?? []).map((r) => toRoute(r, path));
  const routeChanges: RouteChange[] = (testCase.routes ?? []).map((r, i) => {
    const route = headRoutes[i]!;
    const before = baseRoutes.find((b) => b.method === route.method && b.path === route.path);
    const kind = r.change ?? (before ? 'modified' : 'added');
    return before ? { kind, route, before } : { kind, route };
  });
  for (const before of baseRoutes) {
    if (!headRoutes.some((r) => r.method === before.method && r.path === before.path)) routeChanges.push({ kind: 'removed', route: before });
  }
  const diff: DiffFile[] = [...changed.entries()].map(([file, lines]) => ({
    path: file,
    status: file === path ? (testCase.status ?? 'modified') : 'modified',
    binary: false,
    hunks: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: lines.size, rightLines: [...lines], leftLines: [], addedLines: [...lines], deletedLines: [] }],
    additions: lines.size,
    deletions: 0,
  }));
  const baseFiles = testCase.baseFiles ?? Object.fromEntries(Object.entries(files).filter(([file]) => !changed.has(file)));
  const baseTree = new MemoryTree('base', baseFiles);
  const baseServices = new ServiceCollector();
  await scanTree(baseTree, [baseServices]);
  const services = buildServiceChanges({
    base: await baseServices.link({ tree: baseTree, routes: baseRoutes }),
    head: await headServices.link({ tree, routes: headRoutes }),
    diff,
    routeChanges,
  });
  const outcome = await runner.finish({ routeChanges, headRoutes, baseRoutes, diff, headTree: tree, services });
  return { ...outcome, messageIds: outcome.findings.map((finding) => runner.messageIdOf(finding) ?? '?') };
}

function toRoute(spec: CaseRoute, defaultFile: string): Route {
  const file = spec.file ?? defaultFile;
  const [start, end] = spec.handler ?? [spec.line, spec.line];
  return {
    method: spec.method,
    path: spec.path,
    file,
    line: spec.line,
    framework: spec.framework ?? 'test',
    handler: { file: spec.handlerFile ?? file, startLine: start, endLine: end },
    middleware: spec.middleware ?? [],
    signature: `${spec.method} ${spec.path} ${(spec.middleware ?? []).join(',')} ${spec.requiredInputs?.join(',') ?? ''}`,
    ...(spec.requiredInputs ? { requiredInputs: spec.requiredInputs } : {}),
    ...(spec.partial ? { partial: true } : {}),
  };
}

/** valid/invalid tables for one rule: invalid cases assert message ids and lines, never prose. */
export function testRule(rule: AnyRule, tables: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    describe('valid', () => {
      if (tables.valid.length === 0) return;
      it.each(tables.valid.map((c, i) => [c.name ?? `${c.language} #${i + 1}`, c] as const))('%s', async (_name, testCase) => {
        const outcome = await runRuleCase(rule, testCase);
        expect(summarise(outcome)).toEqual([]);
      });
    });
    describe('invalid', () => {
      if (tables.invalid.length === 0) return;
      it.each(tables.invalid.map((c, i) => [c.name ?? `${c.language} #${i + 1}`, c] as const))('%s', async (_name, testCase) => {
        const outcome = await runRuleCase(rule, testCase);
        const path = testCase.path ?? DEFAULT_PATHS[testCase.language];
        const expected = testCase.errors.map((e) => ({ messageId: e.messageId, path: e.path ?? path, line: e.line }));
        expect(summarise(outcome)).toEqual(expected);
      });
    });
  });
}

/** What a test compares: message id, path and line of each finding. */
export function summarise(outcome: { findings: Finding[]; messageIds: string[] }): Array<{ messageId: string; path: string; line: number }> {
  return outcome.findings.map((finding, i) => ({ messageId: outcome.messageIds[i]!, path: finding.path, line: finding.line }));
}
