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
}

export interface ScanResult {
  parsed: number;
  documents: number;
  skipped: SkippedFile[];
}

/** Reads and parses every file of a tree once, handing each to every scanner. */
export async function scanTree(tree: SourceTree, scanners: readonly TreeScanner[], options: ScanOptions = {}): Promise<ScanResult> {
  const paths = (await tree.paths()).filter(
    (path) => (!options.only || options.only.has(path)) && !isExcludedFromAnalysis(path) && (!options.filter || options.filter(path)),
  );
  const wanted = paths.filter((path) => languageOf(path) || documentKindOf(path));
  const result: ScanResult = { parsed: 0, documents: 0, skipped: [] };
  const readAhead = Math.max(1, options.readAhead ?? 16);
  const pending: Array<Promise<string | undefined>> = [];
  for (let i = 0; i < Math.min(readAhead, wanted.length); i++) pending.push(tree.read(wanted[i]!));
  for (let i = 0; i < wanted.length; i++) {
    const text = await pending[i]!;
    if (i + readAhead < wanted.length) pending.push(tree.read(wanted[i + readAhead]!));
    pending[i] = Promise.resolve(undefined); // release the text for the collector
    const path = wanted[i]!;
    if (text === undefined) continue;
    if (!languageOf(path)) {
      result.documents++;
      for (const scanner of scanners) scanner.onDocument?.(path, text);
      continue;
    }
    const file = parseSource(path, text, options.limits ?? DEFAULT_PARSE_LIMITS);
    if (!isParsed(file)) {
      result.skipped.push(file);
      continue;
    }
    result.parsed++;
    for (const scanner of scanners) {
      try {
        scanner.onFile?.(file);
      } catch (error) {
        result.skipped.push({ path, reason: `analysis failed: ${(error as Error).message}` });
      }
    }
  }
  return result;
}
