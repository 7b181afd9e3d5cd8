import { z } from 'zod';
import type { ParallelScanner } from '../analysis/scan-tree.js';
import { PartialAnalysisError, type AnalyserSpec, type FileAnalyser } from '../analysis/file-analyser.js';
import type { ServiceChanges } from '../services/types.js';
import type { SourceTree } from '../change-source.js';
import { CHECKLIST, type ChecklistId } from '../checklist.js';
import type { Config } from '../config/schema.js';
import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { Finding } from '../finding.js';
import type { Route, RouteChange } from '../routes/types.js';
import { languageFamily, type ParsedFile } from '../source/language.js';
import { RULES } from './index.js';
import { FileFacts } from './support/file-facts.js';
import { ALL_RULES, findSuppressions, suppressionKinds } from './support/find-suppressions.js';
import { isInRoute } from './support/route-traits.js';
import { ServiceRoots } from './support/service-root.js';
import { routeRefOf, type AnyRule, type FileReport, type ProjectReport, type ProjectRuleContext, type RuleLanguage } from './types.js';
import { treeCache } from '../source/tree-cache.js';

/** What the project phase of the rules sees once every file was scanned and routes are linked. */
export interface ProjectRuleInput {
  routeChanges: readonly RouteChange[];
  headRoutes: readonly Route[];
  baseRoutes: readonly Route[];
  diff: readonly DiffFile[];
  headTree: SourceTree;
  /** What the PR does to the repository's services (touched services, new dependencies, route call chains). */
  services: ServiceChanges;
}

export interface RuleRunnerOptions {
  /** Files the PR adds or modifies at HEAD → the right-side lines it adds. Findings only land there. */
  changedLines: ReadonlyMap<string, ReadonlySet<number>>;
  settings: Config['rules'];
  /** The rules to run; every registered rule by default (tests run one). */
  rules?: readonly AnyRule[];
}

/** How one checklist item stands for one changed route. */
export type ChecklistStatus = 'satisfied' | 'finding' | 'not-applicable' | 'undecidable';

/** The checklist matrix row of a changed route, for the check-run summary. */
export interface RouteChecklist {
  /** `METHOD /full/path` */
  route: string;
  /** `file:line` of the declaration. */
  routeRef: string;
  items: Array<{ checklist: ChecklistId; status: ChecklistStatus; evidence?: string }>;
}

export interface RuleOutcome {
  findings: Finding[];
  matrix: RouteChecklist[];
}

interface ActiveRule {
  rule: AnyRule;
  options: unknown;
}

/**
 * Runs the deterministic rules: `collect` on every file and `checkFile` on changed files during the
 * single tree pass (plain facts only are kept), then `checkProject` once routes are linked. Findings
 * land only on lines the PR adds, minus those a `backend-expert-disable-next-line` comment silences.
 */
export class RuleRunner implements ParallelScanner {
  private readonly active: ActiveRule[];
  private readonly byId: ReadonlyMap<string, AnyRule>;
  private readonly fileAnalyser: RuleFileAnalyser;
  private readonly collected = new Map<AnyRule, Array<{ path: string; facts: unknown }>>();
  private readonly kept = new Map<AnyRule, Map<string, unknown[]>>();
  private readonly fileFindings: Finding[] = [];
  private readonly suppressed = new Map<string, Map<number, Set<string>>>();
  /** Message id of each finding this runner built (tests assert ids, never prose). */
  private readonly messageIds = new WeakMap<Finding, string>();

  constructor(private readonly options: RuleRunnerOptions) {
    this.active = (options.rules ?? RULES)
      .filter((rule) => !isOff(options.settings[rule.id]))
      .map((rule) => ({ rule, options: parseRuleOptions(rule, options.settings[rule.id]) }));
    this.byId = new Map(this.active.map(({ rule }) => [rule.id, rule]));
    this.fileAnalyser = new RuleFileAnalyser(this.active, options.changedLines);
  }

  /** A worker builds the same analyser only for the registered rules (tests may pass others). */
  analyserSpec(): AnalyserSpec | undefined {
    if (this.options.rules) return undefined;
    const changedLines: Record<string, number[]> = {};
    for (const [path, lines] of this.options.changedLines) changedLines[path] = [...lines];
    return { kind: 'rules', settings: this.options.settings, changedLines };
  }

  analyser(): FileAnalyser {
    return this.fileAnalyser;
  }

  onFile(file: ParsedFile): void {
    try {
      this.absorb(file.path, this.fileAnalyser.file(file));
    } catch (error) {
      if (!(error instanceof PartialAnalysisError)) throw error;
      this.absorb(file.path, error.output);
      throw error.cause;
    }
  }

  absorb(path: string, output: unknown): void {
    const found = output as RuleFileOutput | undefined;
    if (!found) return;
    for (const [id, facts] of found.collected ?? []) {
      const rule = this.byId.get(id)!;
      let list = this.collected.get(rule);
      if (!list) this.collected.set(rule, (list = []));
      list.push({ path, facts });
    }
    for (const [id, facts] of found.kept ?? []) this.keepFacts(this.byId.get(id)!, path, facts);
    for (const { finding, messageId } of found.findings ?? []) {
      this.messageIds.set(finding, messageId);
      this.fileFindings.push(finding);
    }
    if (found.suppressions) this.suppressed.set(path, new Map(found.suppressions.map(([line, ids]) => [line, new Set(ids)])));
  }

  onDocument(_path: string, _text: string): void {
    // OpenAPI documents reach the rules as routes (framework `openapi`) through the document extractors.
  }

  async finish(project: ProjectRuleInput): Promise<RuleOutcome> {
    const roots = new ServiceRoots(await project.headTree.paths());
    const findings = [...this.fileFindings];
    const contexts = new Map<AnyRule, ProjectRuleContext<string, unknown, unknown, unknown>>();
    for (const { rule, options } of this.active) {
      const context = this.projectContext(rule, options, project, roots, findings);
      contexts.set(rule, context);
      if (rule.checkProject) await rule.checkProject(context);
    }
    const kept = dedupe(findings.filter((finding) => !this.isSuppressed(finding)));
    return { findings: kept, matrix: this.buildMatrix(project.routeChanges, kept, contexts) };
  }

  /** Lines where `backend-expert-disable-next-line <rule-id>` suppresses a rule (path → line → rule ids), for agent findings too. */
  suppressions(): ReadonlyMap<string, ReadonlyMap<number, ReadonlySet<string>>> {
    return this.suppressed;
  }

  /** The message id a finding of this runner was reported with. */
  messageIdOf(finding: Finding): string | undefined {
    return this.messageIds.get(finding);
  }

  private keepFacts(rule: AnyRule, path: string, facts: unknown): void {
    let byPath = this.kept.get(rule);
    if (!byPath) this.kept.set(rule, (byPath = new Map()));
    const list = byPath.get(path);
    if (list) list.push(facts);
    else byPath.set(path, [facts]);
  }

  private projectContext(rule: AnyRule, options: unknown, project: ProjectRuleInput, roots: ServiceRoots, sink: Finding[]): ProjectRuleContext<string, unknown, unknown, unknown> {
    const changedLines = this.options.changedLines;
    const isAdded = (path: string, line: number, endLine = line) => {
      const lines = changedLines.get(path);
      return !!lines && anyAdded(lines, line, endLine);
    };
    return {
      ...project,
      options,
      changedLines,
      isAdded,
      report: (report: ProjectReport<string>) => {
        if (report.allowUnchangedLine || isAdded(report.path, report.line, report.endLine)) sink.push(this.build(rule, report, report.path));
      },
      collected: this.collected.get(rule) ?? [],
      kept: (path: string) => this.kept.get(rule)?.get(path) ?? [],
      serviceRootOf: (path: string) => roots.rootOf(path),
    };
  }

  private build(rule: AnyRule, report: ProjectReport<string>, path: string): Finding {
    const finding = buildFinding(rule, report, path);
    this.messageIds.set(finding, report.messageId);
    return finding;
  }

  private isSuppressed(finding: Finding): boolean {
    const ids = this.suppressed.get(finding.path)?.get(finding.line);
    return !!ids && (ids.has(finding.rule) || ids.has(ALL_RULES));
  }

  private buildMatrix(
    changes: readonly RouteChange[],
    findings: readonly Finding[],
    contexts: ReadonlyMap<AnyRule, ProjectRuleContext<string, unknown, unknown, unknown>>,
  ): RouteChecklist[] {
    const rows: RouteChecklist[] = [];
    for (const change of changes) {
      if (change.kind !== 'added' && change.kind !== 'modified') continue;
      const route = change.route;
      const ref = routeRefOf(route);
      const items = CHECKLIST.map(({ id }) => {
        const hit = findings.find((f) => f.checklist === id && (f.routeRef === ref || (!f.routeRef && isInRoute(route, f.path, f.line))));
        if (hit) return { checklist: id, status: 'finding' as const, evidence: `${hit.rule} at ${hit.path}:${hit.line}` };
        for (const { rule } of this.active) {
          if (rule.meta.checklist !== id || !rule.assess) continue;
          const assessment = rule.assess(change, contexts.get(rule)!);
          if (assessment) return { checklist: id, ...assessment };
        }
        return { checklist: id, status: 'undecidable' as const };
      });
      rows.push({ route: `${route.method} ${route.path}`, routeRef: ref, items });
    }
    return rows;
  }
}

/** What the rules made of one file: plain data, so that a worker thread can produce it. */
interface RuleFileOutput {
  /** `collect` results by rule id. */
  collected?: Array<[string, unknown]>;
  /** What `checkFile` kept, by rule id. */
  kept?: Array<[string, unknown]>;
  findings?: Array<{ finding: Finding; messageId: string }>;
  /** Line → rule ids a suppression comment silences there. */
  suppressions?: Array<[number, string[]]>;
}

/**
 * The per-file half of RuleRunner: `collect` on every file, `checkFile` on changed ones. The file's
 * facts are the context of every rule; only what is per rule changes between rules.
 */
class RuleFileAnalyser implements FileAnalyser {
  private readonly byFamily = new Map<RuleLanguage, readonly ActiveRule[]>();
  /** Kept on the parsed file itself, so that a file whose budget ran out before the rules leaves nothing behind (see tree-cache.ts). */
  private readonly prepared = treeCache<ParsedFile, PreparedFile | undefined>('prepared rules');

  constructor(
    private readonly active: readonly ActiveRule[],
    private readonly changedLines: ReadonlyMap<string, ReadonlySet<number>>,
  ) {}

  /**
   * The file's facts and the rules that will check it, with their node kinds planned: before the
   * file's other analysers run, so that their kinds and the rules' come from one walk of the tree.
   */
  prepare(file: ParsedFile): void {
    this.prepared.set(file, this.plan(file));
  }

  file(file: ParsedFile): RuleFileOutput | undefined {
    const { facts, rules, checking } = this.prepared.get(file) ?? this.plan(file);
    this.prepared.set(file, undefined);
    if (rules.length === 0) return undefined;
    const output: RuleFileOutput = {};
    // A rule that throws loses its own part of the file; the other rules' results stand.
    let failure: unknown;
    for (const { rule } of rules) {
      if (!rule.collect) continue;
      try {
        const collected = rule.collect(facts);
        if (collected !== undefined) (output.collected ??= []).push([rule.id, collected]);
      } catch (error) {
        failure ??= error;
      }
    }
    const changedLines = this.changedLines.get(file.path);
    if (!changedLines) return finished(output, failure);
    const suppressions = findSuppressions(facts);
    if (suppressions.size > 0) output.suppressions = [...suppressions].map(([line, ids]) => [line, [...ids]]);
    const isAdded = (line: number, endLine = line) => anyAdded(changedLines, line, endLine);
    facts.changedLines = changedLines;
    facts.isAdded = isAdded;
    for (const { rule, options } of checking) {
      facts.options = options;
      facts.report = (report: FileReport<string>) => {
        if (isAdded(report.line, report.endLine)) (output.findings ??= []).push({ finding: buildFinding(rule, report, file.path), messageId: report.messageId });
      };
      facts.keep = (kept: unknown) => (output.kept ??= []).push([rule.id, kept]);
      try {
        rule.checkFile!(facts);
      } catch (error) {
        failure ??= error;
      }
    }
    return finished(output, failure);
  }

  private plan(file: ParsedFile): PreparedFile {
    const family = languageFamily(file.language);
    const rules = this.rulesFor(family);
    const facts = new FileFacts(file, family);
    const changedLines = this.changedLines.get(file.path);
    const checking: ActiveRule[] = [];
    if (rules.length === 0 || !changedLines) return { facts, rules, checking };
    facts.plan(suppressionKinds(facts));
    for (const active of rules) {
      if (!active.rule.checkFile) continue;
      const kinds = active.rule.plan ? active.rule.plan(facts, changedLines) : [];
      if (kinds === false) continue;
      facts.plan(kinds);
      checking.push(active);
    }
    return { facts, rules, checking };
  }

  /** The active rules that read a language family (computed once per family). */
  private rulesFor(family: RuleLanguage): readonly ActiveRule[] {
    let rules = this.byFamily.get(family);
    if (!rules) this.byFamily.set(family, (rules = this.active.filter(({ rule }) => rule.meta.languages.includes(family))));
    return rules;
  }
}

/** A file's facts, the rules of its language, and those that check it (their kinds planned). */
interface PreparedFile {
  facts: FileFacts;
  rules: readonly ActiveRule[];
  checking: readonly ActiveRule[];
}

function finished(output: RuleFileOutput, failure: unknown): RuleFileOutput {
  if (failure !== undefined) throw new PartialAnalysisError(output, failure);
  return output;
}

function anyAdded(lines: ReadonlySet<number>, line: number, endLine: number): boolean {
  for (let current = line; current <= Math.max(line, endLine); current++) if (lines.has(current)) return true;
  return false;
}

function isOff(setting: Config['rules'][string] | undefined): boolean {
  return setting === 'off' || (typeof setting === 'object' && setting.severity === 'off');
}

function parseRuleOptions(rule: AnyRule, setting: Config['rules'][string] | undefined): unknown {
  const raw = typeof setting === 'object' ? (setting.options ?? {}) : {};
  if (!rule.meta.options) return {};
  const parsed = rule.meta.options.safeParse(raw);
  if (!parsed.success) throw new Error(`rules.${rule.id}.options: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Fills `{name}` placeholders from data; unknown ones (like `{route}`) stay for the pipeline. */
export function fillTemplate(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

function buildFinding(rule: AnyRule, report: FileReport<string>, path: string): Finding {
  const message = rule.meta.messages[report.messageId];
  if (!message) throw new Error(`rule ${rule.id} reported unknown message id ${report.messageId}`);
  return {
    rule: rule.id,
    checklist: rule.meta.checklist,
    severity: message.severity ?? rule.meta.severity,
    path,
    line: report.line,
    ...(report.endLine !== undefined && report.endLine > report.line ? { endLine: report.endLine } : {}),
    title: fillTemplate(message.title, report.data),
    message: fillTemplate(message.message, report.data),
    source: 'static',
    ...(report.suggestion ? { suggestion: report.suggestion } : {}),
    ...(report.routeRef ? { routeRef: report.routeRef } : {}),
  };
}

/** One finding per rule and line, unless their titles differ (two routes removed in one hunk anchor on one line). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.rule} ${finding.path}:${finding.line} ${finding.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
