import type { SourceTree } from '../change-source.js';
import { DEFAULT_PARSE_LIMITS, documentKindOf, languageOf, type ParseLimits, type ParsedFile, type SkippedFile } from '../source/language.js';
import { analyseFiles, type FileText } from './analyse-files.js';
import { failureReason, type AnalyserSpec, type FileAnalyser, type FileOutcome } from './file-analyser.js';
import { defaultScanPool, type ScanBatchFile, type ScanWorkerPool } from './scan-worker-pool.js';
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

/**
 * A scanner whose per-file work is a pure function of the file (its `analyser()`), so that it can run
 * in a worker thread: the outputs, plain data, come back to `absorb` in file order.
 */
export interface ParallelScanner extends TreeScanner {
  /** How a worker builds the same analyser; undefined when only this thread can (custom extractors or rules). */
  analyserSpec(): AnalyserSpec | undefined;
  /** The same per-file work, in this thread. */
  analyser(): FileAnalyser;
  /** Takes in one file's output (undefined: the analyser found nothing, or failed on the file). */
  absorb(path: string, output: unknown): void;
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
  /** Worker threads to analyse large trees on; null: this thread only. Default: the process's pool. */
  workers?: ScanWorkerPool | null;
  /** Fewest files that make a scan use the workers (default PARALLEL_MIN_FILES, COLD_PARALLEL_MIN_FILES before they started). */
  parallelMinFiles?: number;
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
  /** What went wrong with the worker threads (their files were analysed by the scanning thread). */
  notes?: string[];
}

/** Files parsed between two turns of the event loop. */
const YIELD_EVERY_FILES = 16;
/** Below this many files a scan stays in its own thread, when the pool's workers are running. */
export const PARALLEL_MIN_FILES = 64;
/**
 * The same when the workers would have to start first: each loads the whole analysis and warms up,
 * which measured cost more than it saved below about a thousand files (cold route map of 300 files:
 * 1.1 s against 0.65 s in one thread; of 1,000: even).
 */
export const COLD_PARALLEL_MIN_FILES = 1500;
/** A batch sent to a worker: enough work to make the message cheap, little enough to balance. */
const BATCH_FILES = 8;
const BATCH_BYTES = 256 * 1024;

/**
 * Reads and parses every file of a tree once, handing each to every scanner. Large trees are parsed
 * and analysed by the worker pool when every scanner can run there; the scanners take in the results
 * in file order either way, so the outcome does not depend on where a file was analysed.
 */
export async function scanTree(tree: SourceTree, scanners: readonly TreeScanner[], options: ScanOptions = {}): Promise<ScanResult> {
  const paths = (await tree.paths()).filter(
    (path) => (!options.only || options.only.has(path)) && !isExcludedFromAnalysis(path) && (!options.filter || options.filter(path)),
  );
  const wanted = paths.filter((path) => languageOf(path) || documentKindOf(path));
  const plan = { wanted, local: scanners.map(localAnalysis), limits: options.limits ?? DEFAULT_PARSE_LIMITS, budgetMs: options.fileBudgetMs ?? DEFAULT_FILE_BUDGET_MS };
  const pool = options.workers === undefined ? defaultScanPool() : (options.workers ?? undefined);
  const specs = scanners.map((scanner) => (isParallelScanner(scanner) ? scanner.analyserSpec() : undefined));
  const minFiles = options.parallelMinFiles ?? (pool?.started ? PARALLEL_MIN_FILES : COLD_PARALLEL_MIN_FILES);
  if (pool && wanted.length >= minFiles && specs.every((spec) => spec !== undefined)) {
    return scanInWorkers(tree, plan, pool, specs as AnalyserSpec[], options);
  }
  return scanHere(tree, plan, options);
}

interface ScanPlan {
  wanted: string[];
  local: LocalAnalysis[];
  limits: ParseLimits;
  budgetMs: number;
}

/** A scanner as an analyser of this thread and the step that takes its output in. */
interface LocalAnalysis {
  analyser: FileAnalyser;
  absorb(path: string, output: unknown): void;
}

function localAnalysis(scanner: TreeScanner): LocalAnalysis {
  if (isParallelScanner(scanner)) return { analyser: scanner.analyser(), absorb: (path, output) => scanner.absorb(path, output) };
  // A plain scanner learns inside onFile: it has nothing to take in afterwards.
  return {
    analyser: { file: (file) => scanner.onFile?.(file), document: (path, text) => scanner.onDocument?.(path, text) },
    absorb: () => {},
  };
}

function isParallelScanner(scanner: TreeScanner): scanner is ParallelScanner {
  return typeof (scanner as Partial<ParallelScanner>).absorb === 'function' && typeof (scanner as Partial<ParallelScanner>).analyserSpec === 'function';
}

/** Analyses a group of files in this thread (see analyseFiles). */
function analyseHere(plan: ScanPlan, files: readonly FileText[]): FileOutcome[] {
  return analyseFiles(plan.local.map((local) => local.analyser), files, plan.limits, plan.budgetMs);
}

/** Hands one file's outcome to the scanners and counts it. */
function absorbOutcome(plan: ScanPlan, path: string, outcome: FileOutcome, result: ScanResult): void {
  if (outcome.skipped) {
    result.skipped.push(outcome.skipped);
    return;
  }
  if (outcome.document) result.documents++;
  else result.parsed++;
  const failures = outcome.failure ? [outcome.failure] : [];
  outcome.outputs.forEach((output, index) => {
    try {
      plan.local[index]!.absorb(path, output);
    } catch (error) {
      failures.push(failureReason(error));
    }
  });
  if (failures.length > 0) result.skipped.push({ path, reason: failures.join('; ') });
}

async function scanHere(tree: SourceTree, plan: ScanPlan, options: ScanOptions): Promise<ScanResult> {
  const { wanted } = plan;
  const result: ScanResult = { parsed: 0, documents: 0, skipped: [] };
  const readAhead = Math.max(1, options.readAhead ?? 16);
  const pending: Array<Promise<string | undefined>> = [];
  for (let i = 0; i < Math.min(readAhead, wanted.length); i++) pending.push(tree.read(wanted[i]!));
  // Files are analysed in groups (parse the group, then analyse it: see analyseFiles).
  let group: FileText[] = [];
  let groupBytes = 0;
  const analyseGroup = () => {
    const outcomes = analyseHere(plan, group);
    group.forEach(({ path }, index) => absorbOutcome(plan, path, outcomes[index]!, result));
    group = [];
    groupBytes = 0;
  };
  for (let i = 0; i < wanted.length; i++) {
    // ast-grep frees a syntax tree only once the event loop turns: an in-memory tree never yields on
    // its own, so without this every file's tree would stay alive until the scan ends.
    if (i % YIELD_EVERY_FILES === YIELD_EVERY_FILES - 1) await new Promise((resolve) => setImmediate(resolve));
    const text = await pending[i]!;
    if (i + readAhead < wanted.length) pending.push(tree.read(wanted[i + readAhead]!));
    pending[i] = Promise.resolve(undefined); // release the text for the collector
    if (text === undefined) continue;
    group.push({ path: wanted[i]!, text });
    groupBytes += text.length;
    if (group.length >= BATCH_FILES || groupBytes >= BATCH_BYTES) analyseGroup();
  }
  if (group.length > 0) analyseGroup();
  return result;
}

/**
 * Reads the files here and sends them in batches to the pool, at most two batches per worker in
 * flight; outcomes are taken in strictly in file order. This thread only reads, sends and takes in
 * (measured: analysing batches here as well left the workers waiting on it). A batch whose worker
 * failed is analysed here.
 */
async function scanInWorkers(tree: SourceTree, plan: ScanPlan, pool: ScanWorkerPool, specs: AnalyserSpec[], options: ScanOptions): Promise<ScanResult> {
  const { wanted } = plan;
  const result: ScanResult = { parsed: 0, documents: 0, skipped: [] };
  // undefined: not analysed yet; null: nothing to take in (unreadable file, or already taken in).
  const outcomes: Array<FileOutcome | null | undefined> = new Array(wanted.length);
  let nextToAbsorb = 0;
  const absorbReady = () => {
    while (nextToAbsorb < wanted.length && outcomes[nextToAbsorb] !== undefined) {
      const outcome = outcomes[nextToAbsorb];
      if (outcome) absorbOutcome(plan, wanted[nextToAbsorb]!, outcome, result);
      outcomes[nextToAbsorb++] = null;
    }
  };
  const session = pool.session(specs);
  const workerFailures = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let batch: ScanBatchFile[] = [];
  let batchBytes = 0;
  const send = async () => {
    const files = batch;
    batch = [];
    batchBytes = 0;
    // Two batches per worker keep every worker busy while its last answer is read here.
    while (inFlight.size >= pool.size * 2) await Promise.race(inFlight);
    absorbReady();
    const done: Promise<void> = session.run(files, plan.limits, plan.budgetMs).then(
      (results) => {
        for (const { index, outcome } of results) outcomes[index] = outcome;
      },
      (error: Error) => {
        workerFailures.add(error.message);
        const here = analyseHere(plan, files);
        files.forEach(({ index }, at) => (outcomes[index] = here[at]!));
      },
    );
    const tracked = done.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    absorbReady();
  };
  try {
    const readAhead = Math.max(1, options.readAhead ?? 16);
    const pending: Array<Promise<string | undefined>> = [];
    for (let i = 0; i < Math.min(readAhead, wanted.length); i++) pending.push(tree.read(wanted[i]!));
    for (let i = 0; i < wanted.length; i++) {
      const text = await pending[i]!;
      if (i + readAhead < wanted.length) pending.push(tree.read(wanted[i + readAhead]!));
      pending[i] = Promise.resolve(undefined);
      if (text === undefined) {
        outcomes[i] = null;
        continue;
      }
      batch.push({ index: i, path: wanted[i]!, text });
      batchBytes += text.length;
      if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) await send();
    }
    if (batch.length > 0) await send();
    await Promise.all(inFlight);
    absorbReady();
  } finally {
    session.end();
  }
  if (workerFailures.size > 0) result.notes = [`A scan worker thread failed (${[...workerFailures].join('; ')}); its files were analysed by the main thread.`];
  return result;
}
