import parseDiff from 'parse-diff';
import { additionDiff, MemoryChangeSource, MemoryTree } from '../src/core/change-source.js';
import { defaultConfig } from '../src/core/config/schema.js';
import { runReview } from '../src/core/review/run-review.js';
import { defaultScanPool } from '../src/core/analysis/scan-worker-pool.js';
import { bareParse, formatCpuMs, formatMs, formatSpread, measureInterleaved, type BenchTable } from './harness.js';
import { syntheticTypeScriptService } from './synthetic-service.js';

/**
 * The whole deterministic review of a large PR against two floors measured in the same run: the bare
 * syntax-tree parse of the same files with the same parser, and parse-diff alone on the same diff.
 */
export async function benchReviewLargePr(options: { modules: number; runs: number }): Promise<BenchTable> {
  const added = syntheticTypeScriptService(options.modules);
  const base = { 'package.json': '{"name":"svc","dependencies":{"express":"^4"}}\n', 'src/logger.ts': "import pino from 'pino';\nexport const logger = pino();\n" };
  const diffText = additionDiff(added);
  const source = new MemoryChangeSource(new MemoryTree('base', base), new MemoryTree('head', { ...base, ...added }), diffText);
  const config = defaultConfig();
  const fileCount = Object.keys(added).length;
  const lineCount = diffText.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).length;
  const bytes = Object.values(added).reduce((sum, text) => sum + text.length, 0);

  let findings = 0;
  // Started beforehand, as the app starts them at launch (a one-off run would start them only for 1,500 files or more).
  const pool = defaultScanPool();
  pool?.warm();
  const m = await measureInterleaved(
    {
      review: async () => {
        const result = await runReview({ source, config });
        findings = result.findings.length;
      },
      oneThread: () => runReview({ source, config, workers: null }),
      parseFloor: () => bareParse(added),
      diffOnly: () => parseDiff(diffText),
    },
    options.runs,
    { memoryOf: 'review' },
  );
  const { review, oneThread, parseFloor, diffOnly } = m;

  return {
    title: 'Deterministic review of a large PR',
    description:
      `${fileCount} changed TypeScript files, ${lineCount.toLocaleString('en')} added lines, ${(bytes / 1e6).toFixed(1)} MB; offline, no model. ${findings} findings. ` +
      `The review scans on the scanning thread and ${pool ? `${pool.size} worker thread${pool.size === 1 ? '' : 's'}` : 'no worker thread'} (one per core, started beforehand as the app does at launch); the bare parse uses one thread. ` +
      'The one-thread row and the CPU-time row show the work itself, whatever the cores. The subjects are measured in rounds (each round runs each once, in rotating order) and each ratio is the median of the rounds\' ratios, so machine drift does not enter it. Peak memory: resident set of the process, sampled while the first row\'s subject ran on its own first, in a fresh process, each run from a collected heap (as every timed run; without that the figure grows by about 30 MB a run with the garbage earlier runs left).',
    rows: [
      { name: 'whole review vs bare parse', figure: formatMs(review), baseline: formatMs(parseFloor), ratio: m.ratio('review', 'parseFloor'), spread: formatSpread(review), target: '≤ 2×', peakMemoryMb: review.peakRssMb },
      { name: 'whole review in one thread vs bare parse', figure: formatMs(oneThread), baseline: formatMs(parseFloor), ratio: m.ratio('oneThread', 'parseFloor'), spread: formatSpread(oneThread), peakMemoryMb: oneThread.peakRssMb },
      { name: 'CPU time of the whole review (all threads) vs bare parse', figure: formatCpuMs(review), baseline: formatCpuMs(parseFloor), ratio: m.cpuRatio('review', 'parseFloor'), spread: `${options.runs} runs` },
      { name: 'whole review vs parse-diff alone', figure: formatMs(review), baseline: formatMs(diffOnly), ratio: m.ratio('review', 'diffOnly'), spread: formatSpread(diffOnly) },
    ],
  };
}
