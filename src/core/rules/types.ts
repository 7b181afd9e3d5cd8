import type { SgNode } from '@ast-grep/napi';
import type { KindSelection } from '../source/shared-search.js';
import type { z } from 'zod';
import type { ChecklistId } from '../checklist.js';
import type { Severity, Suggestion } from '../finding.js';
import type { Route, RouteChange, RouteChangeKind } from '../routes/types.js';
import type { Language } from '../source/language.js';
import type { ChecklistStatus, ProjectRuleInput } from './run-rules.js';
import type { HandlerInfo } from './support/find-handlers.js';
import type { IndexedCall } from './support/call-index.js';

/** The language families rules are written for (the three JS dialects read the same way). */
export type RuleLanguage = 'js' | 'python' | 'go' | 'java';

/** Title and body of one kind of finding. `{name}` is filled from the report's data; `{route}` by the pipeline. */
export interface RuleMessage {
  title: string;
  message: string;
  /** Severity of this kind of finding when it differs from the rule's default (e.g. critical for a real key). */
  severity?: Severity;
}

/** A route the example's code declares, for rules that work on routes (extractors are not run by examples). */
export interface ExampleRoute {
  method: string;
  path: string;
  /** 1-based line of the declaration in the example. */
  line: number;
  middleware?: string[];
  /** Handler span in the example; defaults to the declaration line. */
  handler?: [number, number];
  /** How the route changed; `added` unless it is in the base routes (then `modified`). */
  change?: RouteChangeKind;
  /** Declaring file when it is not the example's own (e.g. an OpenAPI document). */
  file?: string;
  /** Extractor id (`openapi` for routes from a document); `test` by default. */
  framework?: string;
}

/** Code that shows a rule: the bad one must report, the good one must not (meta-tested). */
export interface RuleExample {
  bad: string;
  good: string;
  /** Routes the bad and good code declare, when the rule reads routes. */
  badRoutes?: ExampleRoute[];
  goodRoutes?: ExampleRoute[];
  /** Routes at the base of the change, for rules that compare base and head (removed routes). */
  badBaseRoutes?: ExampleRoute[];
  goodBaseRoutes?: ExampleRoute[];
  /** Lines the PR adds in both examples, when the rule compares new code with existing code (all by default). */
  addedLines?: number[];
  /** Where the example's code lives, when the rule reads paths (services of a monorepo); the family's default otherwise. */
  path?: string;
  /** Other files of the tree at HEAD, unchanged by the PR (the other services of a monorepo, manifests). */
  files?: Record<string, string>;
  /** The tree at BASE, when it is not the HEAD tree without the example's file. */
  baseFiles?: Record<string, string>;
}

export interface RuleMeta<MessageId extends string, Options> {
  checklist: ChecklistId;
  severity: Severity;
  languages: readonly RuleLanguage[];
  /** One line: what the rule reports. */
  description: string;
  /** One paragraph: why a senior reviewer cares. */
  rationale: string;
  messages: Record<MessageId, RuleMessage>;
  /** Options from `.github/backend-expert.yml` (`rules.<id>.options`), defaults in the schema. */
  options?: z.ZodType<Options>;
  examples: Partial<Record<RuleLanguage, RuleExample>>;
}

/**
 * A file as every rule sees it during the single tree pass. The syntax tree dies when the pass moves on.
 * Native calls dominate the cost of rules: gate on text and imports first, read nodes through `nodes()`
 * and the call index (one shared query per file), and cross into the tree only for candidates.
 */
export interface FileView {
  path: string;
  language: Language;
  family: RuleLanguage;
  text: string;
  root: SgNode;
  /** Module specifiers the file imports (`pg`, `requests`, `net/http`, `org.slf4j.Logger`). */
  readonly imports: readonly string[];
  /**
   * Cheap gate before tree queries: true when the file's text contains one of the words. Absence
   * proves a construct is not there; presence decides nothing (the tree does).
   */
  mentions(...words: string[]): boolean;
  /**
   * Like `mentions`, for names: true when one of them occurs as a whole token (`find` does not count
   * inside `findById`). Absence proves that no call, property or identifier has that name.
   */
  mentionsName(...names: string[]): boolean;
  /**
   * Like `mentionsName`, for the names of calls: true when one of them occurs followed by an argument
   * list (or, in JavaScript, after `new`). Absence proves that no call has that name (`calls()` names).
   */
  mentionsCall(...names: string[]): boolean;
  /** True when the lower-cased text contains one of the (lower-case) words, like `text.toLowerCase().includes(word)`. */
  mentionsAnyCase(...words: string[]): boolean;
  /**
   * For each place a call named `name` may be (see `mentionsCall`), the plain receiver chain written in
   * front of it (`['this', 'orders']` for `this.orders.create(`, empty for a bare call), or undefined
   * when the text alone cannot tell. Every call with that name has its receiver among these (a gate:
   * the tree decides).
   */
  callReceivers(name: string): ReadonlyArray<readonly string[] | undefined>;
  /**
   * True when one of the names occurs as a whole token right after `(` and before `,` (or a comment):
   * the first of several parameters or arguments. Absence proves no parameter list starts with it.
   */
  mentionsLeadingParameter(...names: string[]): boolean;
  /**
   * Like `mentionsName`, for a member of an object: true when `object.name` occurs for one of the names
   * (blanks allowed around the dot). Absence proves that no call `object.name(…)` exists.
   */
  mentionsMember(object: string, ...names: string[]): boolean;
  /** True when the file imports one of the modules or a sub-path/sub-module of it (the text is checked first). */
  importsAny(modules: readonly string[]): boolean;
  /** Nodes of one kind in document order (from the file's shared query when a rule planned the kind). */
  nodes(kind: string): readonly SgNode[];
  /** Nodes of several kinds in document order. */
  nodesOf(kinds: readonly string[]): readonly SgNode[];
  /** The same with each node's kind (read in the walk: asking a node for it again crosses into native code). */
  nodesWithKinds(kinds: readonly string[]): KindSelection;
  /** Every call of the file with its callee name (computed once per file, shared by rules). */
  calls(): readonly IndexedCall[];
  /** The calls named one of `names`, in document order. */
  callsNamed(names: ReadonlySet<string>): readonly IndexedCall[];
  /**
   * The calls whose text contains one of `words` (a gate: every name a rule wants contains one of them)
   * and, when given, whose name passes `accept`.
   */
  callsMatching(words: readonly string[], accept?: (name: string) => boolean): readonly IndexedCall[];
  /** The calls `accept` keeps, in document order; read a call's `kind` and `text` before its `name` (two native calls). */
  callsWhere(accept: (call: IndexedCall) => boolean): readonly IndexedCall[];
  /** The calls named one of `names` that lie inside `container`, in document order. */
  callsWithin(container: SgNode, names: ReadonlySet<string>): readonly IndexedCall[];
  /** Request handlers this file declares (computed once per file, shared by rules). */
  handlers(): readonly HandlerInfo[];
}

export interface FileReport<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  line: number;
  endLine?: number;
  suggestion?: Suggestion;
  /** `file:line` of the route declaration the finding is about (`{route}` is named from it). */
  routeRef?: string;
}

export interface ProjectReport<MessageId extends string> extends FileReport<MessageId> {
  path: string;
  /**
   * Report even though no line in line..endLine is one the PR adds. Only for findings about what the
   * PR removes (a deleted route has no added line to sit on).
   */
  allowUnchangedLine?: boolean;
}

/** What `checkFile` gets: a changed file, its added lines, and a way to report and to keep facts. */
export interface FileRuleContext<MessageId extends string, Options, Kept> extends FileView {
  options: Options;
  /** Lines of this file that the PR adds. */
  changedLines: ReadonlySet<number>;
  isAdded(line: number, endLine?: number): boolean;
  report(report: FileReport<MessageId>): void;
  /** Keeps plain facts for `checkProject` (never syntax nodes: the tree is freed after the file). */
  keep(facts: Kept): void;
}

/** What `checkProject` gets once every file was scanned and routes are linked. */
export interface ProjectRuleContext<MessageId extends string, Options, Collected, Kept> extends ProjectRuleInput {
  options: Options;
  changedLines: ReadonlyMap<string, ReadonlySet<number>>;
  isAdded(path: string, line: number, endLine?: number): boolean;
  report(report: ProjectReport<MessageId>): void;
  /** What `collect` returned for every file of the head tree that returned something. */
  collected: ReadonlyArray<{ path: string; facts: Collected }>;
  /** What `checkFile` kept, by path. */
  kept(path: string): readonly Kept[];
  /** Directory of the service (nearest manifest: package.json, go.mod, pyproject.toml, pom.xml…) of a path. */
  serviceRootOf(path: string): string;
}

/** How one rule judges one changed route for the checklist matrix. */
export interface RouteAssessment {
  status: ChecklistStatus;
  evidence?: string;
}

/**
 * A deterministic rule. The file name is the id with `/` written as `-`.
 * Methods (not function properties) so that the registry can hold rules of different types.
 */
export interface Rule<MessageId extends string = string, Options = unknown, Collected = unknown, Kept = unknown> {
  id: string;
  meta: RuleMeta<MessageId, Options>;
  /** Runs on EVERY file of the head tree; must be cheap (gate on imports). Returns plain facts. */
  collect?(file: FileView): Collected | undefined;
  /**
   * Cheap gate before `checkFile`, on text and imports only: false when the file cannot hold what the
   * rule looks for (`checkFile` is then skipped), otherwise the node kinds `checkFile` will read through
   * `nodes()` and the call index. The runner collects the kinds of every rule in one query per file.
   */
  plan?(file: FileView, changedLines: ReadonlySet<number>): readonly string[] | false;
  /** Runs on each changed file while its syntax tree is alive (when `plan` did not rule the file out). */
  checkFile?(context: FileRuleContext<MessageId, Options, Kept>): void;
  /** Runs once after routes are linked. */
  checkProject?(context: ProjectRuleContext<MessageId, Options, Collected, Kept>): void | Promise<void>;
  /** Judges one added or modified route for this rule's checklist item (when no finding was reported). */
  assess?(change: RouteChange, context: ProjectRuleContext<MessageId, Options, Collected, Kept>): RouteAssessment | undefined;
}

/** Any rule, for the registry. */
// Method syntax makes the parameters bivariant, so every concrete Rule<…> is assignable here.
export type AnyRule = Rule<string, unknown, unknown, unknown>;

/** Identity helper that checks a rule's shape and infers its message ids. */
export function defineRule<MessageId extends string, Options = Record<string, never>, Collected = unknown, Kept = unknown>(
  rule: Rule<MessageId, Options, Collected, Kept>,
): Rule<MessageId, Options, Collected, Kept> {
  return rule;
}

/**
 * `METHOD /full/path` of a route, for `{route}` in messages. Rules fill it themselves: several routes can
 * share a declaration line (`file:line`), so the pipeline's lookup by `routeRef` can name the wrong one.
 */
export function routeNameOf(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** `file:line` of a route declaration, the key the pipeline names routes by. */
export function routeRefOf(route: Pick<Route, 'file' | 'line'>): string {
  return `${route.file}:${route.line}`;
}
