import { Lang, parse, registerDynamicLanguage, type Rule, type SgNode } from '@ast-grep/napi';
import python from '@ast-grep/lang-python';
import go from '@ast-grep/lang-go';
import java from '@ast-grep/lang-java';

/** Languages we read as syntax trees. */
export type Language = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'java';
/** Non-code documents we read with their own parsers. */
export type DocumentKind = 'proto' | 'graphql' | 'openapi-candidate';

let registered = false;
function ensureLanguages(): void {
  if (registered) return;
  registerDynamicLanguage({ python, go, java });
  registered = true;
}

const EXTENSION_LANGUAGE: Record<string, Language> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  py: 'python',
  go: 'go',
  java: 'java',
};

/** The language of a source file, by its extension; undefined for anything we do not parse. */
export function languageOf(path: string): Language | undefined {
  if (path.endsWith('.d.ts')) return undefined;
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : EXTENSION_LANGUAGE[path.slice(dot + 1).toLowerCase()];
}

/** proto/GraphQL/OpenAPI documents: read by their own parsers, not ast-grep. */
export function documentKindOf(path: string): DocumentKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.proto')) return 'proto';
  if (lower.endsWith('.graphql') || lower.endsWith('.gql') || lower.endsWith('.graphqls')) return 'graphql';
  if (/\.(ya?ml|json)$/.test(lower)) return 'openapi-candidate';
  return undefined;
}

function astGrepLang(language: Language): Lang | string {
  switch (language) {
    case 'typescript': return Lang.TypeScript;
    case 'tsx': return Lang.Tsx;
    case 'javascript': return Lang.JavaScript;
    default: return language;
  }
}

/** Family used by rules and extractors: the three JS dialects read the same way. */
export function languageFamily(language: Language): 'js' | 'python' | 'go' | 'java' {
  return language === 'typescript' || language === 'tsx' || language === 'javascript' ? 'js' : language;
}

/** A source file with its syntax tree. Drop the reference when done: trees are large. */
export interface ParsedFile {
  path: string;
  language: Language;
  text: string;
  root: SgNode;
}

/** Why a file was not parsed; reported in the summary, never silently dropped. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Budgets that keep pathological files (minified bundles, generated blobs) from stalling a review. */
export interface ParseLimits {
  maxBytes: number;
  maxLineLength: number;
  /**
   * Deepest syntax tree read (levels from the root). Extractors, rules and service readers walk trees
   * in JS, some recursively and some once per enclosing function: a tree thousands of levels deep
   * (5,000 nested parentheses, a 50,000-link method chain, callbacks nested 10,000 times) overflows
   * the call stack or takes minutes. Hand-written code stays far below: ~60 levels in a 1 MB compiler.
   */
  maxDepth?: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxBytes: 1_000_000, maxLineLength: 5_000, maxDepth: 1_000 };

/** Parses a source file, or says why it was skipped. */
export function parseSource(path: string, text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedFile | SkippedFile {
  const language = languageOf(path);
  if (!language) return { path, reason: 'not a language we read' };
  if (text.length > limits.maxBytes) return { path, reason: `larger than ${Math.round(limits.maxBytes / 1000)} kB` };
  if (hasLineLongerThan(text, limits.maxLineLength)) return { path, reason: 'minified or generated (a line longer than ' + limits.maxLineLength + ' characters)' };
  ensureLanguages();
  let root: SgNode;
  try {
    root = parse(astGrepLang(language) as Lang, text).root();
  } catch (error) {
    return { path, reason: `does not parse: ${(error as Error).message}` };
  }
  if (limits.maxDepth !== undefined && mayBeDeep(text, limits.maxDepth) && isDeeperThan(root, limits.maxDepth)) {
    return { path, reason: `nested deeper than ${limits.maxDepth} levels (generated or obfuscated code)` };
  }
  return { path, language, text, root };
}

/** Parses a snippet (tests, rule examples). Throws on an unknown language. */
export function parseSnippet(language: Language, text: string, path = `snippet.${language === 'python' ? 'py' : language === 'javascript' ? 'js' : language === 'tsx' ? 'tsx' : language === 'typescript' ? 'ts' : language}`): ParsedFile {
  ensureLanguages();
  return { path, language, text, root: parse(astGrepLang(language) as Lang, text).root() };
}

export function isParsed(file: ParsedFile | SkippedFile): file is ParsedFile {
  return 'root' in file;
}

function hasLineLongerThan(text: string, max: number): boolean {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    if (stop - start > max) return true;
    start = stop + 1;
  }
  return false;
}

/** Files at least this long always get the depth probe: deep trees without deep brackets (long `+` or `else if` chains) need room. */
const DEPTH_PROBE_MIN_CHARS = 32_000;

/**
 * Whether a file can hold a syntax tree deeper than `maxDepth`. The native probe costs about as much
 * as the parse itself, so ordinary files skip it: a short file with shallow brackets cannot nest
 * that deep. (A shallow-bracket chain of ~1,000 links in a short file still fails safely: the
 * scanner that runs out of stack skips the file with that reason.) This counts characters for a
 * resource guard; it reads nothing of the code's meaning.
 */
function mayBeDeep(text: string, maxDepth: number): boolean {
  if (text.length >= DEPTH_PROBE_MIN_CHARS) return true;
  const threshold = Math.min(maxDepth, 200);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 40 || code === 91 || code === 123) {
      if (++depth >= threshold) return true;
    } else if ((code === 41 || code === 93 || code === 125) && depth > 0) depth--;
  }
  return false;
}

/**
 * Levels a native `has` chain checks at once. ast-grep refuses rules nested 128 deep, and its
 * matcher recurses natively once per level (thousands of levels crash the process, not just throw).
 */
const NATIVE_DEPTH_PROBE = 100;
const DEPTH_PROBE_RULE = nestedHasRule(NATIVE_DEPTH_PROBE);

/** Matches a node with a descendant `levels` levels below it (any node: the empty regex matches all). */
function nestedHasRule(levels: number): Rule {
  let rule: Rule = { regex: '' };
  for (let level = 0; level < levels; level++) rule = { has: rule };
  return rule;
}

/**
 * True when some node lies more than `maxDepth` levels below `root`. A native probe answers for
 * ordinary files (one pass over the tree in ast-grep, about a third of the parse's time); only a tree
 * at least 100 levels deep is walked in JS, iteratively, stopping at the first node too deep.
 */
export function isDeeperThan(root: SgNode, maxDepth: number): boolean {
  if (maxDepth >= NATIVE_DEPTH_PROBE && !root.matches({ rule: DEPTH_PROBE_RULE })) return false;
  const stack: Array<{ node: SgNode; depth: number }> = [{ node: root, depth: 0 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (entry.depth > maxDepth) return true;
    for (const child of entry.node.children()) stack.push({ node: child, depth: entry.depth + 1 });
  }
  return false;
}

/** 1-based line of a node's start. */
export function lineOf(node: SgNode): number {
  return node.range().start.line + 1;
}

/** 1-based line of a node's end. */
export function endLineOf(node: SgNode): number {
  return node.range().end.line + 1;
}
