import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseLimits } from '../source/language.js';
import type { AnalyserSpec, FileOutcome } from './file-analyser.js';

/** One file sent to a worker, by its index in the scan's file order. */
export interface ScanBatchFile {
  index: number;
  path: string;
  text: string;
}

export interface ScanBatchResult {
  index: number;
  outcome: FileOutcome;
}

export type ScanWorkerRequest =
  | { type: 'scan'; id: number; session: number; specs?: AnalyserSpec[]; files: ScanBatchFile[]; limits: ParseLimits; budgetMs: number }
  | { type: 'end'; session: number };

export type ScanWorkerReply = { type: 'done'; id: number; results: ScanBatchResult[] } | { type: 'failed'; id: number; message: string };

interface PoolWorker {
  worker: Worker;
  /** Batches sent and not answered, by request id. */
  pending: Map<number, { resolve: (results: ScanBatchResult[]) => void; reject: (error: Error) => void }>;
  /** Sessions whose specs this worker already has. */
  sessions: Set<number>;
  alive: boolean;
  /** Whether it ever answered (a worker that dies before its first answer could not start). */
  answered: boolean;
}

/** Workers in a row that die before answering once: the pool stops starting them (a broken install). */
const MAX_START_FAILURES = 3;

/**
 * A small young generation makes V8 collect often, and each collection frees the syntax trees whose
 * wrappers died (measured on 3,500 files with two workers: peak 400 MB against 570 MB with V8's
 * default). The old generation is only a ceiling: a worker that outgrows it stops, and the scan
 * analyses its batches in its own thread.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 };

/** Idle workers stop after this long (each holds its own heap and the analysis code). */
const DEFAULT_IDLE_MS = 10 * 60_000;

/** Environment variable: how many scan worker threads (0 scans in the calling thread). */
export const SCAN_WORKERS_ENV = 'BACKEND_EXPERT_SCAN_WORKERS';

/**
 * Worker threads that parse and analyse files for `scanTree`, so that a large tree is read on every
 * core and the event loop of the calling thread (a web server, a queue worker) stays free. Workers
 * start on first use, are shared by concurrent scans, hold the process open only while they work,
 * and stop after a while without work. A worker that dies fails only its pending batches, which the
 * scan then analyses in its own thread: no file is lost.
 */
export class ScanWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private nextRequest = 1;
  private nextSession = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private startFailures = 0;
  /** Files analysed by the workers, and batches a worker failed (then analysed by the scan itself). */
  readonly stats = { files: 0, failedBatches: 0 };

  constructor(private readonly options: { size: number; workerUrl: URL; idleMs?: number }) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`a scan worker pool needs at least one worker, got ${options.size}`);
  }

  get size(): number {
    return this.options.size;
  }

  /** Whether workers are running (a scan then pays no start-up). */
  get started(): boolean {
    return this.workers.length > 0;
  }

  /** Starts every worker now, idle (a long-running process does this at start, off the review's path). */
  warm(): void {
    while (this.workers.length < this.options.size && this.startFailures < MAX_START_FAILURES) this.start();
    this.settle();
  }

  /** A scan: its batches are analysed by analysers built from `specs` (sent once to each worker). */
  session(specs: AnalyserSpec[]): ScanSession {
    const id = this.nextSession++;
    return {
      run: (files, limits, budgetMs) => this.run(id, specs, files, limits, budgetMs),
      end: () => {
        for (const entry of this.workers) {
          if (entry.alive && entry.sessions.delete(id)) entry.worker.postMessage({ type: 'end', session: id } satisfies ScanWorkerRequest);
        }
      },
    };
  }

  /** Stops every worker (pending batches fail, and their scans finish them in their own thread). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const stopping = this.workers.splice(0).map((entry) => {
      entry.alive = false;
      this.failPending(entry, new Error('the scan worker pool was closed'));
      return entry.worker.terminate();
    });
    await Promise.all(stopping);
  }

  private run(session: number, specs: AnalyserSpec[], files: ScanBatchFile[], limits: ParseLimits, budgetMs: number): Promise<ScanBatchResult[]> {
    if (this.startFailures >= MAX_START_FAILURES) return Promise.reject(new Error(`scan workers died before answering ${this.startFailures} times in a row; scanning in one thread`));
    clearTimeout(this.idleTimer);
    const entry = this.leastBusy();
    const id = this.nextRequest++;
    const request: ScanWorkerRequest = { type: 'scan', id, session, files, limits, budgetMs, ...(entry.sessions.has(session) ? {} : { specs }) };
    entry.sessions.add(session);
    return new Promise<ScanBatchResult[]>((resolve, reject) => {
      entry.pending.set(id, { resolve, reject });
      entry.worker.ref();
      entry.worker.postMessage(request);
    });
  }

  /** The worker with the fewest pending batches, starting one while the pool is below its size. */
  private leastBusy(): PoolWorker {
    const idle = this.workers.find((entry) => entry.pending.size === 0);
    if (idle) return idle;
    if (this.workers.length < this.options.size) return this.start();
    return this.workers.reduce((best, entry) => (entry.pending.size < best.pending.size ? entry : best));
  }

  private start(): PoolWorker {
    const worker = new Worker(this.options.workerUrl, { resourceLimits: WORKER_LIMITS });
    const entry: PoolWorker = { worker, pending: new Map(), sessions: new Set(), alive: true, answered: false };
    worker.unref();
    worker.on('message', (reply: ScanWorkerReply) => {
      entry.answered = true;
      this.startFailures = 0;
      const waiting = entry.pending.get(reply.id);
      if (!waiting) return;
      entry.pending.delete(reply.id);
      if (reply.type === 'done') {
        this.stats.files += reply.results.length;
        waiting.resolve(reply.results);
      } else {
        this.stats.failedBatches++;
        waiting.reject(new Error(`scan worker: ${reply.message}`));
      }
      this.settle(entry);
    });
    const stopped = (error: Error) => {
      if (!entry.alive) return;
      entry.alive = false;
      if (!entry.answered) this.startFailures++;
      this.workers.splice(this.workers.indexOf(entry), 1);
      this.failPending(entry, error);
    };
    worker.on('error', (error) => stopped(error));
    worker.on('exit', (code) => stopped(new Error(`scan worker exited with code ${code}`)));
    this.workers.push(entry);
    return entry;
  }

  /** A worker without pending work no longer holds the process open; all idle → stop them later. */
  private settle(entry?: PoolWorker): void {
    if (entry && entry.pending.size === 0) entry.worker.unref();
    if (this.workers.some((candidate) => candidate.pending.size > 0)) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs ?? DEFAULT_IDLE_MS);
    this.idleTimer.unref();
  }

  private failPending(entry: PoolWorker, error: Error): void {
    this.stats.failedBatches += entry.pending.size;
    for (const waiting of entry.pending.values()) waiting.reject(error);
    entry.pending.clear();
  }
}

/** One scan's use of the pool. */
export interface ScanSession {
  /** Parses and analyses the files in a worker; rejects when the worker fails (analyse them here then). */
  run(files: ScanBatchFile[], limits: ParseLimits, budgetMs: number): Promise<ScanBatchResult[]>;
  /** Lets the workers drop this scan's analysers. */
  end(): void;
}

let sharedPool: ScanWorkerPool | null | undefined;

/**
 * The process's pool: one worker per core, up to 4, or `BACKEND_EXPERT_SCAN_WORKERS` (0: none). None
 * on a single core, or when running from TypeScript sources (the tests: there is no compiled worker
 * script to start).
 */
export function defaultScanPool(): ScanWorkerPool | undefined {
  if (sharedPool === undefined) sharedPool = createDefaultPool();
  return sharedPool ?? undefined;
}

/**
 * How many scan workers a process starts: the configured number, else one per core up to 4, and none
 * on a single core (a worker would only add its start-up and the copying of results).
 */
export function scanWorkerCount(configured: string | undefined, cores: number): number {
  const value = configured?.trim();
  if (!value) return cores < 2 ? 0 : Math.min(cores, 4);
  const size = Number(value);
  if (!Number.isInteger(size) || size < 0) throw new Error(`${SCAN_WORKERS_ENV} must be a whole number of threads (0 for none), got "${value}"`);
  return size;
}

function createDefaultPool(): ScanWorkerPool | null {
  const size = scanWorkerCount(process.env[SCAN_WORKERS_ENV], availableParallelism());
  if (size === 0) return null;
  const workerUrl = new URL('./scan-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(workerUrl))) return null;
  return new ScanWorkerPool({ size, workerUrl });
}
