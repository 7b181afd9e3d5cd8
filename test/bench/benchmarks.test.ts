import { describe, expect, it } from '@jest/globals';
import { BENCHMARKS } from '../../bench/benchmarks.js';
import type { BenchRow, BenchTable } from '../../bench/harness.js';

/**
 * Every benchmark's small form runs and produces sane figures (never a time: the machine decides
 * those), so that `npm run bench` cannot rot between runs.
 */

const cache = new Map<string, Promise<BenchTable[]>>();
function small(name: string): Promise<BenchTable[]> {
  const benchmark = BENCHMARKS[name];
  if (!benchmark) throw new Error(`no benchmark ${name}`);
  let tables = cache.get(name);
  if (!tables) {
    tables = benchmark.small();
    cache.set(name, tables);
  }
  return tables;
}

function rows(tables: readonly BenchTable[]): BenchRow[] {
  return tables.flatMap((table) => table.rows);
}

/** A row's machine-readable figure; fails the test when absent. */
function value(row: BenchRow | undefined, key: string): number {
  const found = row?.values?.[key];
  if (found === undefined) throw new Error(`row ${row?.name ?? '(missing)'} has no value ${key}`);
  return found;
}

function rowNamed(tables: readonly BenchTable[], start: string): BenchRow {
  const row = rows(tables).find((candidate) => candidate.name.startsWith(start));
  if (!row) throw new Error(`no row starting "${start}" in ${rows(tables).map((candidate) => candidate.name).join(' | ')}`);
  return row;
}

const TIMEOUT = 180_000;

describe('every benchmark', () => {
  it('is registered with a full and a small form', () => {
    expect(Object.keys(BENCHMARKS).sort()).toEqual(['fuzz', 'github-calls', 'injection', 'model-tokens', 'queue-kill', 'review-large-pr', 'route-map', 'webhook-ack']);
  });

  it.each(Object.keys(BENCHMARKS))(
    '%s: the small form produces tables of finite figures and positive ratios',
    async (name) => {
      const tables = await small(name);
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table.title.length).toBeGreaterThan(0);
        expect(table.rows.length).toBeGreaterThan(0);
        for (const row of table.rows) {
          if (row.ratio !== null) {
            expect(Number.isFinite(row.ratio)).toBe(true);
            expect(row.ratio).toBeGreaterThan(0);
          }
          if (row.peakMemoryMb !== undefined) expect(row.peakMemoryMb).toBeGreaterThan(0);
          for (const figure of Object.values(row.values ?? {})) expect(Number.isFinite(figure)).toBe(true);
        }
      }
      // Every table shows its process's peak memory somewhere.
      for (const table of tables) expect(table.rows.some((row) => row.peakMemoryMb !== undefined)).toBe(true);
    },
    TIMEOUT,
  );
});

describe('figures that must hold whatever the machine', () => {
  it('github-calls: the review makes as many calls with findings as without, give or take the review and an annotation page', async () => {
    const tables = await small('github-calls');
    const cells = rows(tables).map((row) => ({ files: value(row, 'files'), findings: value(row, 'findings'), ours: value(row, 'ours'), naive: value(row, 'naive') }));
    expect(cells.map((cell) => [cell.files, cell.findings])).toEqual([
      [1, 0],
      [1, 3],
      [4, 0],
      [4, 3],
    ]);
    for (const cell of cells) {
      const withoutFindings = cells.find((other) => other.files === cell.files && other.findings === 0)!;
      expect(cell.ours).toBeLessThanOrEqual(withoutFindings.ours + 2);
      // Naive: the same base calls plus one comment and one check-run update per finding.
      expect(cell.naive).toBe(cell.findings === 0 ? cell.ours : cell.ours - 1 + 2 * cell.findings);
    }
  }, TIMEOUT);

  it('model-tokens: our PR-specific prompt is at most half the naive one, and a second review reads the system prompt from cache', async () => {
    const tables = await small('model-tokens');
    for (const name of ['articles-pr', 'injection-pr']) {
      const user = rowNamed(tables, `${name}: PR-specific`);
      expect(value(user, 'ours')).toBeLessThanOrEqual(value(user, 'naive') / 2);
      const total = rowNamed(tables, `${name}: total`);
      expect(value(total, 'ours')).toBeLessThan(value(total, 'naive'));
      const cache = rowNamed(tables, `${name}: input tokens not served from cache`);
      expect(value(cache, 'cacheShare')).toBeGreaterThan(0.5);
      expect(value(cache, 'cacheShare')).toBeLessThan(1);
      // Warm, only the PR-specific part is paid at the full price.
      expect(value(cache, 'warmUncached')).toBe(value(user, 'ours'));
      expect(value(cache, 'coldUncached')).toBe(value(total, 'ours'));
      expect(value(cache, 'warmCost')).toBeLessThan(value(cache, 'coldCost'));
    }
  }, TIMEOUT);

  it('webhook-ack: every delivery to our app enqueued a review', async () => {
    const tables = await small('webhook-ack');
    const throughput = rowNamed(tables, 'deliveries acknowledged per second');
    // 1 burst of 30, after 50 warm-up deliveries.
    expect(value(throughput, 'enqueued')).toBe(80);
    for (const row of rows(tables)) for (const figure of Object.values(row.values ?? {})) expect(figure).toBeGreaterThan(0);
  }, TIMEOUT);

  it('fuzz: nothing but the parser\'s own error is thrown, and every accepted anchor is one GitHub accepts', async () => {
    const tables = await small('fuzz');
    const [valid, mutated] = rows(tables);
    expect([value(valid, 'inputs'), value(mutated, 'inputs')]).toEqual([300, 300]);
    expect([value(valid, 'failures'), value(mutated, 'failures')]).toEqual([0, 0]);
    expect(value(valid, 'clearErrors')).toBe(0);
    expect(value(valid, 'anchorsChecked')).toBeGreaterThan(1000);
    expect(value(valid, 'anchorDisagreements')).toBe(0);
    expect(value(valid, 'rate')).toBeGreaterThan(0);
    expect(value(valid, 'baselineRate')).toBeGreaterThan(0);
  }, TIMEOUT);

  it('injection: every attempt leaves the conclusion and the deterministic findings unchanged and the posted content clean', async () => {
    const tables = await small('injection');
    const attempts = rows(tables);
    expect(attempts.length).toBe(8);
    for (const row of attempts) {
      expect({
        attempt: row.name,
        conclusionSame: value(row, 'conclusionSame'),
        staticSame: value(row, 'staticSame'),
        injectedMentions: value(row, 'injectedMentions'),
        injectedLinks: value(row, 'injectedLinks'),
        secretsPosted: value(row, 'secretsPosted'),
        modelAnswered: value(row, 'modelAnswered'),
      }).toEqual({ attempt: row.name, conclusionSame: 1, staticSame: 1, injectedMentions: 0, injectedLinks: 0, secretsPosted: 0, modelAnswered: 1 });
      // The detectors are not blind: they find the raw reply's mentions and links.
      expect(value(row, 'detectorMentions')).toBeGreaterThan(0);
      expect(value(row, 'detectorLinks')).toBeGreaterThan(0);
    }
  }, TIMEOUT);

  it('queue-kill: with one of two workers killed, every job completes and none is lost', async () => {
    const tables = await small('queue-kill');
    expect(rows(tables).map((row) => row.name)).not.toContain('skipped');
    const completed = rowNamed(tables, 'completed');
    expect([value(completed, 'killed'), value(completed, 'single')]).toEqual([value(completed, 'jobs'), value(completed, 'jobs')]);
    const lost = rowNamed(tables, 'lost');
    expect([value(lost, 'killed'), value(lost, 'single')]).toEqual([0, 0]);
    const duplicated = rowNamed(tables, 'duplicated');
    const takenOver = rowNamed(tables, 'held by the killed worker');
    // Work can only run twice for a job the survivor took over; without a kill nothing is taken over.
    expect(value(duplicated, 'killed')).toBeLessThanOrEqual(value(takenOver, 'takenOver'));
    expect([value(duplicated, 'single'), value(takenOver, 'singleTakenOver')]).toEqual([0, 0]);
  }, TIMEOUT);
});
