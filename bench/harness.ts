import { languageOf, parseSnippet } from '../src/core/source/language.js';
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** One measured figure: the median of several runs and their spread. */
export interface Measurement {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** Median CPU time of a run in milliseconds, every thread of the process (user + system). */
  cpuMedian?: number;
  /**
   * Peak resident memory of the process sampled every 5 ms during these runs (the scanning thread
   * turns its event loop every 16 files, so a peak between two samples can be missed by a little).
   */
  peakRssMb?: number;
}

/** Runs `fn` `runs` times (after one warm-up) and returns the median and spread in milliseconds. */
export async function measure(fn: () => unknown | Promise<unknown>, runs: number): Promise<Measurement> {
  // Resident memory sampled while the runs go: the process's maxRSS only grows, so a measurement
  // taken after another would otherwise carry the other's peak.
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 5);
  await fn();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    min: times[0]!,
    max: times[times.length - 1]!,
    runs,
    cpuMedian: cpuTimes[Math.floor(cpuTimes.length / 2)]!,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
}

/**
 * Measures several subjects in rounds: each round runs every subject once, in an order that rotates
 * from round to round, so the figures compared in a ratio were taken under the same machine
 * conditions (on a shared virtual machine the speed drifts by tens of percent within a minute, and
 * measuring all runs of one subject before the next puts that drift into the ratio). Each subject is
 * run once beforehand to warm up.
 *
 * Peak memory is measured for one subject only, `memoryOf`: it runs `runs` times on its own first, in
 * the fresh process, each run from a collected heap, while the resident set is sampled. Once other subjects have run, the resident set
 * holds what they left (freed memory is rarely handed back to the system), so later figures would be
 * the largest subject's, whatever was measured.
 */
export async function measureInterleaved<K extends string>(subjects: Record<K, () => unknown | Promise<unknown>>, runs: number, options: { memoryOf?: NoInfer<K> } = {}): Promise<Interleaved<K>> {
  const names = Object.keys(subjects) as K[];
  const times = new Map<K, number[]>(names.map((name) => [name, []]));
  const cpuTimes = new Map<K, number[]>(names.map((name) => [name, []]));
  let peakRss = 0;
  if (options.memoryOf !== undefined) {
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
    try {
      for (let i = 0; i < runs; i++) {
        // From a collected heap, as every timed run below: otherwise the figure grows with the garbage
        // earlier runs left, which V8 collects when it chooses (measured: +30 MB a run, whatever the subject).
        (globalThis as { gc?: () => void }).gc?.();
        await subjects[options.memoryOf]();
      }
    } finally {
      clearInterval(sampler);
    }
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  for (const name of names) if (name !== options.memoryOf) await subjects[name]();
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      (globalThis as { gc?: () => void }).gc?.();
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      await subjects[name]();
      times.get(name)!.push(Number(process.hrtime.bigint() - start) / 1e6);
      const cpu = process.cpuUsage(cpuStart);
      cpuTimes.get(name)!.push((cpu.user + cpu.system) / 1000);
    }
  }
  const measurements = {} as Record<K, Measurement>;
  for (const name of names) {
    const sorted = [...times.get(name)!].sort((a, b) => a - b);
    const cpuSorted = [...cpuTimes.get(name)!].sort((a, b) => a - b);
    measurements[name] = {
      median: sorted[Math.floor(sorted.length / 2)]!,
      min: sorted[0]!,
      max: sorted[sorted.length - 1]!,
      runs,
      cpuMedian: cpuSorted[Math.floor(cpuSorted.length / 2)]!,
      ...(name === options.memoryOf ? { peakRssMb: Math.round(peakRss / 1024 / 1024) } : {}),
    };
  }
  return {
    ...measurements,
    ratio: (figure, baseline) => medianOf(times.get(figure)!.map((time, round) => time / times.get(baseline)![round]!)),
    cpuRatio: (figure, baseline) => medianOf(cpuTimes.get(figure)!.map((time, round) => time / cpuTimes.get(baseline)![round]!)),
  };
}

/** Interleaved measurements, and ratios taken round by round (the median of each round's ratio). */
export type Interleaved<K extends string> = Record<K, Measurement> & {
  ratio(figure: K, baseline: K): number;
  cpuRatio(figure: K, baseline: K): number;
};

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A row of a benchmark table: a figure against a baseline measured in the same run. */
export interface BenchRow {
  name: string;
  figure: string;
  baseline: string;
  /** figure / baseline (lower is better unless `higherIsBetter`). */
  ratio: number | null;
  spread?: string;
  target?: string;
  peakMemoryMb?: number;
  /** Machine-readable figures of the row (not rendered): what the benchmark tests assert on. */
  values?: Record<string, number>;
}

export interface BenchTable {
  title: string;
  description: string;
  rows: BenchRow[];
  notes?: string[];
}

/** The median and spread of figures gathered by the benchmark itself (latencies, counts, rates). */
export function summarise(values: readonly number[]): Measurement {
  if (values.length === 0) throw new Error('summarise() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** The nearest-rank percentile (`p` in 0..100) of a list of values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Wall time of one call, in milliseconds. */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function formatMs(m: Measurement): string {
  return `${m.median.toFixed(1)} ms`;
}

export function formatSpread(m: Measurement): string {
  return `${m.min.toFixed(1)}–${m.max.toFixed(1)} ms (${m.runs} runs)`;
}

/** CPU time of a measurement (every thread), for rows that compare work rather than waiting. */
export function formatCpuMs(m: Measurement): string {
  if (m.cpuMedian === undefined) throw new Error('this measurement has no CPU time (use measure())');
  return `${m.cpuMedian.toFixed(1)} ms CPU`;
}

/** Peak resident memory of this process so far, in MB. */
export function peakMemoryMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function machineDescription(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let git = '';
  try {
    git = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // The figures belong to the tree that ran, which may not be the commit.
    if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim()) git += ' with uncommitted changes';
  } catch {
    git = 'unknown';
  }
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB memory, Node ${process.version}, commit ${git}`;
}

export function renderTable(table: BenchTable): string {
  const lines = [`## ${table.title}`, '', table.description, '', '| measurement | figure | baseline | ratio | spread | target | peak memory |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const row of table.rows) {
    lines.push(
      `| ${row.name} | ${row.figure} | ${row.baseline} | ${row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`} | ${row.spread ?? '—'} | ${row.target ?? '—'} | ${row.peakMemoryMb !== undefined ? `${row.peakMemoryMb} MB` : '—'} |`,
    );
  }
  for (const note of table.notes ?? []) lines.push('', note);
  return lines.join('\n') + '\n';
}

/**
 * The floor for any analysis that reads code: ast-grep's parse of each file with the same parser,
 * nothing else (no size, line or depth checks).
 */
export function bareParse(files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    const language = languageOf(path);
    if (language) parseSnippet(language, text, path);
  }
}
