import type { SourceTree } from '../change-source.js';
import { DEFAULT_PARSE_LIMITS, documentKindOf, isParsed, languageOf, parseSource, type ParseLimits, type ParsedFile, type SkippedFile } from '../source/language.js';
import { isExcludedFromAnalysis } from './excluded-paths.js';

/**
 * Something that learns from each file during the single pass over a tree. Syntax trees are freed as
 * soon as every scanner has seen a file, so a scanner must copy what it needs (plain data), never keep
 * `file.root`.
 */
export interface TreeScanner {
  onFile?(file: ParsedFile): void;
  /** Non-code documents (proto, GraphQL, YAML/JSON that may be OpenAPI). */
  onDocument?(path: string, text: string): void;
}

export interface ScanOptions {
  /** Only these paths (e.g. the files a diff touches); default: every path of the tree. */
  only?: ReadonlySet<string>;
  /** Extra filter on paths, e.g. the config's include/exclude globs. */
  filter?: (path: string) => boolean;
  limits?: ParseLimits;
  /** Read this many files ahead of the parser (the git and tarball readers are I/O bound). */
  readAhead?: number;
  /**
   * Time the scanners may spend on one file. Scanners are synchronous and cannot be interrupted: once
   * the budget is spent, the scanners not yet run skip the file, which is listed with the reason.
   */
  fileBudgetMs?: number;
}

/**
 * Generous: the three scanners of a review take a few hundred milliseconds on a 1 MB source file. Only
 * a file that makes some scanner misbehave (far beyond linear time) reaches it.
 */
export const DEFAULT_FILE_BUDGET_MS = 10_000;

export interface ScanResult {
  parsed: number;
  documents: number;
  skipped: SkippedFile[];
}

/** Files parsed between two turns of the event loop. */
const YIELD_EVERY_FILES = 16;

/** Reads and parses every file of a tree once, handing each to every scanner. */
export async function scanTree(tree: SourceTree, scanners: readonly TreeScanner[], options: ScanOptions = {}): Promise<ScanResult> {
  const paths = (await tree.paths()).filter(
    (path) => (!options.only || options.only.has(path)) && !isExcludedFromAnalysis(path) && (!options.filter || options.filter(path)),
  );
  const wanted = paths.filter((path) => languageOf(path) || documentKindOf(path));
  const result: ScanResult = { parsed: 0, documents: 0, skipped: [] };
  const readAhead = Math.max(1, options.readAhead ?? 16);
  const budgetMs = options.fileBudgetMs ?? DEFAULT_FILE_BUDGET_MS;
  const pending: Array<Promise<string | undefined>> = [];
  for (let i = 0; i < Math.min(readAhead, wanted.length); i++) pending.push(tree.read(wanted[i]!));
  for (let i = 0; i < wanted.length; i++) {
    // ast-grep frees a syntax tree only once the event loop turns: an in-memory tree never yields on
    // its own, so without this every file's tree would stay alive until the scan ends.
    if (i % YIELD_EVERY_FILES === YIELD_EVERY_FILES - 1) await new Promise((resolve) => setImmediate(resolve));
    const text = await pending[i]!;
    if (i + readAhead < wanted.length) pending.push(tree.read(wanted[i + readAhead]!));
    pending[i] = Promise.resolve(undefined); // release the text for the collector
    const path = wanted[i]!;
    if (text === undefined) continue;
    if (!languageOf(path)) {
      result.documents++;
      const failure = visit(scanners, budgetMs, (scanner) => scanner.onDocument?.(path, text));
      if (failure) result.skipped.push({ path, reason: failure });
      continue;
    }
    const file = parseSource(path, text, options.limits ?? DEFAULT_PARSE_LIMITS);
    if (!isParsed(file)) {
      result.skipped.push(file);
      continue;
    }
    result.parsed++;
    const failure = visit(scanners, budgetMs, (scanner) => scanner.onFile?.(file));
    if (failure) result.skipped.push({ path, reason: failure });
  }
  return result;
}

/**
 * Hands one file to every scanner. A scanner that throws loses only this file (each scanner keeps
 * plain facts per file, so the others and the next files are unaffected); once the file's budget is
 * spent the remaining scanners skip it. Returns why the file was not fully analysed, or undefined.
 */
function visit(scanners: readonly TreeScanner[], budgetMs: number, run: (scanner: TreeScanner) => void): string | undefined {
  const started = performance.now();
  const failures = new Set<string>();
  for (const scanner of scanners) {
    const elapsed = performance.now() - started;
    if (elapsed > budgetMs) {
      failures.add(`analysis stopped after ${Math.round(elapsed)} ms (budget ${budgetMs} ms per file)`);
      break;
    }
    try {
      run(scanner);
    } catch (error) {
      failures.add(failureReason(error));
    }
  }
  return failures.size > 0 ? [...failures].join('; ') : undefined;
}

function failureReason(error: unknown): string {
  // V8's stack overflow: some scanner recursed once per nesting level of an unusually deep tree.
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'nested too deeply to analyse (the call stack ran out)';
  return `analysis failed: ${error instanceof Error ? error.message : String(error)}`;
}
