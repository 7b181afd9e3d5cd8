import { posix } from 'node:path';
import type { SourceTree } from '../change-source.js';
import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { RouteChange } from '../routes/types.js';
import { isParsed, languageOf, parseSource } from '../source/language.js';
import { outlineOf, type CodeOutline, type Definition } from './code-outline.js';
import { estimateTokens } from './estimate-tokens.js';
import { displayPath } from './untrusted-text.js';

/** Why a piece of surrounding code was chosen, most important first. */
export const CONTEXT_PRIORITY = {
  handler: 100,
  enclosingFunction: 90,
  middleware: 80,
  callee: 60,
} as const;

/** A line span of a file at HEAD that the model should see beside the hunks. */
export interface ContextCandidate {
  path: string;
  startLine: number;
  endLine: number;
  priority: number;
  reason: string;
}

export interface SelectedContext {
  /** Rendered blocks, one per file: `### path` then numbered lines, ranges separated by `…`. */
  blocks: string[];
  tokens: number;
  /** Candidates that did not fit the budget, for the summary of what the model did not see. */
  omitted: ContextCandidate[];
  chosen: ContextCandidate[];
}

export interface ContextInput {
  /** The changed files this call reviews. */
  files: readonly DiffFile[];
  routeChanges: readonly RouteChange[];
  headTree: SourceTree;
  /** Right-side lines the hunks already show, per path. */
  shownLines: ReadonlyMap<string, ReadonlySet<number>>;
  budgetTokens: number;
}

/** A function longer than this is shown only around the change: whole god-functions drown the prompt. */
const MAX_SPAN_LINES = 120;
/** Names looked up per call and files parsed to find them: bounds the work on large trees. */
const MAX_NAMES = 30;
const MAX_FILES_PARSED = 40;
const SAME_PACKAGE_FILES = 20;

/**
 * Chooses the code around the change that a reviewer needs, under a token budget: the handlers of
 * changed routes, the function around each change, the middleware of changed routes and the
 * functions the changed code calls (found through the file's imports, or its package for Go and Java).
 * Lines already shown in hunks are not repeated.
 */
export async function selectContext(input: ContextInput): Promise<SelectedContext> {
  const outlines = new OutlineCache(input.headTree);
  const candidates = await collectCandidates(input, outlines);
  return fitToBudget(candidates, input, outlines);
}

async function collectCandidates(input: ContextInput, outlines: OutlineCache): Promise<ContextCandidate[]> {
  const candidates: ContextCandidate[] = [];
  const callPaths = new Set(input.files.map((file) => file.path));
  const wanted: Array<{ name: string; from: string; priority: number; reason: string; exclude?: { path: string; start: number; end: number } }> = [];

  for (const change of input.routeChanges) {
    if (change.kind === 'removed' || change.kind === 'unchanged') continue;
    const route = change.route;
    const handler = route.handler;
    const touches = callPaths.has(route.file) || (handler !== undefined && callPaths.has(handler.file));
    if (!touches) continue;
    const label = `${route.method} ${route.path}`;
    if (handler) {
      candidates.push({ path: handler.file, startLine: handler.startLine, endLine: handler.endLine, priority: CONTEXT_PRIORITY.handler, reason: `handler of ${label}` });
      const outline = await outlines.get(handler.file);
      const fn = outline?.functions.find((f) => f.startLine === handler.startLine) ?? innermost(outline, handler.startLine);
      for (const call of fn?.calls ?? []) {
        if (call.line >= handler.startLine && call.line <= handler.endLine) {
          wanted.push({ name: call.name, from: handler.file, priority: CONTEXT_PRIORITY.callee, reason: `${call.name}, called by the handler of ${label}`, exclude: { path: handler.file, start: handler.startLine, end: handler.endLine } });
        }
      }
    }
    for (const middleware of route.middleware) {
      const name = middlewareName(middleware);
      if (name) wanted.push({ name, from: route.file, priority: CONTEXT_PRIORITY.middleware, reason: `middleware ${name} of ${label}` });
    }
  }

  for (const file of input.files) {
    const outline = await outlines.get(file.path);
    if (!outline) continue;
    const added = file.hunks.flatMap((hunk) => hunk.addedLines);
    const seen = new Set<string>();
    for (const line of added) {
      const fn = innermost(outline, line);
      if (!fn) continue;
      const key = `${fn.startLine}:${fn.endLine}`;
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push({ ...clampSpan(file.path, fn.startLine, fn.endLine, line), priority: CONTEXT_PRIORITY.enclosingFunction, reason: 'function around the change' });
      for (const call of fn.calls) {
        wanted.push({ name: call.name, from: file.path, priority: CONTEXT_PRIORITY.callee, reason: `${call.name}, called by the changed code`, exclude: { path: file.path, start: fn.startLine, end: fn.endLine } });
      }
    }
  }

  const resolved = new Set<string>();
  for (const request of wanted) {
    if (resolved.size >= MAX_NAMES) break;
    if (resolved.has(`${request.from}:${request.name}`)) continue;
    resolved.add(`${request.from}:${request.name}`);
    const found = await findDefinition(request.name, request.from, outlines);
    if (!found) continue;
    const { path, definition } = found;
    const inside = request.exclude && request.exclude.path === path && definition.startLine >= request.exclude.start && definition.endLine <= request.exclude.end;
    if (inside) continue;
    candidates.push({ ...clampSpan(path, definition.startLine, definition.endLine), priority: request.priority, reason: request.reason });
  }
  return candidates;
}

/** `requireRole('admin')` → `requireRole`; `passport.authenticate('jwt')` → `authenticate`; `@login_required` → `login_required`. */
function middlewareName(text: string): string | undefined {
  const head = text.replace(/^@/, '').split('(')[0]!.trim();
  const last = head.split('.').pop()?.trim();
  return last && /^[A-Za-z_$][\w$]*$/.test(last) ? last : undefined;
}

function innermost(outline: CodeOutline | undefined, line: number): CodeOutline['functions'][number] | undefined {
  let best: CodeOutline['functions'][number] | undefined;
  for (const fn of outline?.functions ?? []) {
    if (fn.startLine > line || fn.endLine < line) continue;
    // A one-line arrow inside a function (`.map((x) => x.id)`) is less useful than the function itself.
    if (fn.endLine - fn.startLine < 2) continue;
    if (!best || fn.endLine - fn.startLine < best.endLine - best.startLine) best = fn;
  }
  return best;
}

function clampSpan(path: string, startLine: number, endLine: number, focus?: number): { path: string; startLine: number; endLine: number } {
  if (endLine - startLine + 1 <= MAX_SPAN_LINES) return { path, startLine, endLine };
  const center = focus ?? startLine;
  const start = Math.max(startLine, center - Math.floor(MAX_SPAN_LINES / 2));
  return { path, startLine: start, endLine: Math.min(endLine, start + MAX_SPAN_LINES - 1) };
}

async function findDefinition(name: string, from: string, outlines: OutlineCache): Promise<{ path: string; definition: Definition } | undefined> {
  const own = await outlines.get(from);
  if (!own) return undefined;
  const local = own.definitions.find((definition) => definition.name === name);
  if (local) return { path: from, definition: local };
  for (const path of await outlines.relatedFiles(own)) {
    const outline = await outlines.get(path);
    const definition = outline?.definitions.find((candidate) => candidate.name === name);
    if (definition) return { path, definition };
  }
  return undefined;
}

function fitToBudget(candidates: ContextCandidate[], input: ContextInput, outlines: OutlineCache): SelectedContext {
  const ordered = [...candidates].sort((a, b) => b.priority - a.priority || a.path.localeCompare(b.path) || a.startLine - b.startLine);
  const covered = new Map<string, Set<number>>();
  for (const [path, lines] of input.shownLines) covered.set(path, new Set(lines));
  const chosen: ContextCandidate[] = [];
  const omitted: ContextCandidate[] = [];
  let tokens = 0;
  for (const candidate of ordered) {
    const lines = outlines.lines(candidate.path);
    if (!lines) continue;
    const taken = covered.get(candidate.path) ?? new Set<number>();
    const fresh: number[] = [];
    for (let line = candidate.startLine; line <= Math.min(candidate.endLine, lines.length); line++) if (!taken.has(line)) fresh.push(line);
    if (fresh.length === 0) continue;
    const cost = fresh.reduce((sum, line) => sum + estimateTokens(lines[line - 1]!) + 2, 0) + 12;
    if (tokens + cost > input.budgetTokens) {
      omitted.push(candidate);
      continue;
    }
    tokens += cost;
    for (const line of fresh) taken.add(line);
    covered.set(candidate.path, taken);
    chosen.push(candidate);
  }
  return { blocks: renderBlocks(chosen, input.shownLines, outlines), tokens, omitted, chosen };
}

function renderBlocks(chosen: readonly ContextCandidate[], shown: ReadonlyMap<string, ReadonlySet<number>>, outlines: OutlineCache): string[] {
  const byPath = new Map<string, ContextCandidate[]>();
  for (const candidate of chosen) byPath.set(candidate.path, [...(byPath.get(candidate.path) ?? []), candidate]);
  const blocks: string[] = [];
  for (const path of [...byPath.keys()].sort()) {
    const lines = outlines.lines(path)!;
    const items = byPath.get(path)!;
    const wanted = new Set<number>();
    for (const item of items) for (let line = item.startLine; line <= Math.min(item.endLine, lines.length); line++) wanted.add(line);
    for (const line of shown.get(path) ?? []) wanted.delete(line);
    const sorted = [...wanted].sort((a, b) => a - b);
    const pad = Math.max(3, String(sorted[sorted.length - 1] ?? 0).length);
    const out = [`### ${displayPath(path)} — ${[...new Set(items.map((item) => item.reason))].join('; ')}`];
    let previous = -1;
    for (const line of sorted) {
      if (previous !== -1 && line !== previous + 1) out.push(`${' '.repeat(pad)}  …`);
      out.push(`${String(line).padStart(pad)}  ${lines[line - 1]}`);
      previous = line;
    }
    blocks.push(out.join('\n'));
  }
  return blocks;
}

/** Reads, parses and outlines files at HEAD once per call; keeps their lines for rendering. */
class OutlineCache {
  private readonly outlines = new Map<string, CodeOutline | undefined>();
  private readonly text = new Map<string, string[]>();
  private allPaths: Set<string> | undefined;
  private parsed = 0;
  constructor(private readonly tree: SourceTree) {}

  async get(path: string): Promise<CodeOutline | undefined> {
    if (this.outlines.has(path)) return this.outlines.get(path);
    let outline: CodeOutline | undefined;
    if (languageOf(path) && this.parsed < MAX_FILES_PARSED) {
      const text = await this.tree.read(path);
      if (text !== undefined) {
        this.text.set(path, text.split('\n'));
        this.parsed++;
        const file = parseSource(path, text);
        if (isParsed(file)) outline = outlineOf(file);
      }
    }
    this.outlines.set(path, outline);
    return outline;
  }

  lines(path: string): string[] | undefined {
    return this.text.get(path);
  }

  /** Files a file imports (resolved against the tree), then for Go and Java its package's other files. */
  async relatedFiles(outline: CodeOutline): Promise<string[]> {
    const paths = await this.paths();
    const related: string[] = [];
    const add = (path: string | undefined) => {
      if (path && path !== outline.path && paths.has(path) && !related.includes(path)) related.push(path);
    };
    for (const spec of outline.imports) for (const path of resolveImport(spec, outline, paths)) add(path);
    if (outline.family === 'go' || outline.family === 'java') {
      const dir = posix.dirname(outline.path);
      const extension = outline.family === 'go' ? '.go' : '.java';
      [...paths]
        .filter((path) => posix.dirname(path) === dir && path.endsWith(extension) && !path.endsWith('_test.go'))
        .slice(0, SAME_PACKAGE_FILES)
        .forEach(add);
    }
    return related;
  }

  private async paths(): Promise<Set<string>> {
    this.allPaths ??= new Set(await this.tree.paths());
    return this.allPaths;
  }
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** Candidate tree paths for an import specifier, in the order a resolver would try them. */
export function resolveImport(spec: string, from: Pick<CodeOutline, 'path' | 'family'>, paths: ReadonlySet<string>): string[] {
  const dir = posix.dirname(from.path);
  switch (from.family) {
    case 'js': {
      let base: string | undefined;
      if (spec.startsWith('.')) base = posix.join(dir, spec);
      else if (spec.startsWith('@/') || spec.startsWith('~/')) base = spec.slice(2);
      if (base === undefined) return suffixMatches(spec, paths, JS_EXTENSIONS);
      const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
      const options = [base, ...JS_EXTENSIONS.map((ext) => stem + ext), ...JS_EXTENSIONS.map((ext) => `${base}/index${ext}`)];
      const direct = options.filter((path) => paths.has(path));
      return direct.length > 0 ? direct : spec.startsWith('.') ? [] : suffixMatches(stem, paths, JS_EXTENSIONS);
    }
    case 'python': {
      const dots = spec.length - spec.replace(/^\.+/, '').length;
      const rest = spec.slice(dots).replaceAll('.', '/');
      if (dots > 0) {
        let base = dir;
        for (let i = 1; i < dots; i++) base = posix.dirname(base);
        const module = rest ? posix.join(base, rest) : base;
        return [`${module}.py`, `${module}/__init__.py`].filter((path) => paths.has(path));
      }
      return suffixMatches(rest, paths, ['.py', '/__init__.py']);
    }
    case 'go':
      return [...paths].filter((path) => path.endsWith('.go') && !path.endsWith('_test.go') && isSuffixDir(spec, posix.dirname(path))).slice(0, SAME_PACKAGE_FILES);
    case 'java': {
      if (spec.endsWith('.*')) {
        const pkg = spec.slice(0, -2).replaceAll('.', '/');
        return [...paths].filter((path) => path.endsWith('.java') && (posix.dirname(path) === pkg || posix.dirname(path).endsWith(`/${pkg}`))).slice(0, SAME_PACKAGE_FILES);
      }
      return suffixMatches(spec.replaceAll('.', '/'), paths, ['.java']);
    }
  }
}

/** `app/services/articles` + `.py` matches `app/services/articles.py` and `src/app/services/articles.py`. */
function suffixMatches(stem: string, paths: ReadonlySet<string>, extensions: readonly string[]): string[] {
  if (!stem || stem.startsWith('/')) return [];
  const matches: string[] = [];
  for (const ext of extensions) {
    const wanted = stem + ext;
    if (paths.has(wanted)) matches.push(wanted);
    for (const path of paths) if (path.endsWith(`/${wanted}`) && !matches.includes(path)) matches.push(path);
  }
  return matches.slice(0, 3);
}

/** Go import `github.com/acme/shop/internal/orders` names the directory `internal/orders` of this module. */
function isSuffixDir(importPath: string, dir: string): boolean {
  return dir !== '.' && (importPath === dir || importPath.endsWith(`/${dir}`));
}
