import type { Config } from '../config/schema.js';
import type { ParsedFile, SkippedFile } from '../source/language.js';

/**
 * The per-file half of a scanner as a pure function: a syntax tree (or a document's text) in, plain
 * data out. Because the output is plain data, the same work can run in a worker thread and be handed
 * back to the scanner on the scanning thread.
 */
export interface FileAnalyser {
  /**
   * Runs before any analyser of the file: announces the node kinds `file` will search for
   * (src/core/source/shared-search.ts), so that every analyser's kinds come from one walk of the tree.
   */
  prepare?(file: ParsedFile): void;
  file?(file: ParsedFile): unknown;
  document?(path: string, text: string): unknown;
}

/**
 * How a worker thread builds the same analyser as a scanner of this thread: plain data naming one of
 * the analysers the worker knows (src/core/analysis/analysers.ts) and its settings.
 */
export type AnalyserSpec =
  | { kind: 'routes' }
  | { kind: 'services' }
  | { kind: 'rules'; settings: Config['rules']; changedLines: Record<string, number[]> };

/** What the analysers made of one file: an output per analyser (undefined: nothing, or it failed). */
export interface FileOutcome {
  /** True when the file was a document (not parsed by ast-grep). */
  document: boolean;
  outputs: unknown[];
  /** Why the file was not fully analysed (an analyser threw, or the file's time budget ran out). */
  failure?: string;
  /** Set when the file could not be parsed at all (too large, too deep…): nothing was analysed. */
  skipped?: SkippedFile;
}

/**
 * Runs every analyser on one parsed file. An analyser that throws loses only its own output for this
 * file; once the file's budget is spent the analysers not yet run skip it.
 */
export function analyseParsedFile(analysers: readonly FileAnalyser[], file: ParsedFile, budgetMs: number): FileOutcome {
  for (const analyser of analysers) {
    try {
      analyser.prepare?.(file);
    } catch {
      // Preparing only saves work: an analyser whose preparation failed meets the same error in `file`.
    }
  }
  return withBudget(analysers, budgetMs, false, (analyser) => analyser.file?.(file));
}

/** Runs every analyser on one document (proto, GraphQL, YAML/JSON that may be OpenAPI). */
export function analyseDocument(analysers: readonly FileAnalyser[], path: string, text: string, budgetMs: number): FileOutcome {
  return withBudget(analysers, budgetMs, true, (analyser) => analyser.document?.(path, text));
}

function withBudget(analysers: readonly FileAnalyser[], budgetMs: number, document: boolean, run: (analyser: FileAnalyser) => unknown): FileOutcome {
  const started = performance.now();
  const failures = new Set<string>();
  const outputs: unknown[] = [];
  for (const analyser of analysers) {
    const elapsed = performance.now() - started;
    if (elapsed > budgetMs) {
      failures.add(`analysis stopped after ${Math.round(elapsed)} ms (budget ${budgetMs} ms per file)`);
      break;
    }
    try {
      outputs.push(run(analyser));
    } catch (error) {
      outputs.push(error instanceof PartialAnalysisError ? error.output : undefined);
      failures.add(failureReason(error instanceof PartialAnalysisError ? error.cause : error));
    }
  }
  return failures.size > 0 ? { document, outputs, failure: [...failures].join('; ') } : { document, outputs };
}

/**
 * Thrown by an analyser made of independent parts (rules) when some part failed: the others' output
 * is kept, and the file is still listed with the reason.
 */
export class PartialAnalysisError extends Error {
  constructor(
    readonly output: unknown,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Why an analyser threw, in words for the summary. */
export function failureReason(error: unknown): string {
  // V8's stack overflow: some scanner recursed once per nesting level of an unusually deep tree.
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'nested too deeply to analyse (the call stack ran out)';
  return `analysis failed: ${error instanceof Error ? error.message : String(error)}`;
}
