import fc from 'fast-check';
import { fileDiff, mutation, oracleRightLines, renderDiff, uniqueByPath } from './diff-generators.js';
import parseDiff from 'parse-diff';
import { DiffAnchors } from '../src/core/diff/anchor.js';
import { DiffParseError, parseUnifiedDiff } from '../src/core/diff/parse-unified-diff.js';
import { formatSpread, measure, peakMemoryMb, type BenchRow, type BenchTable, type Measurement } from './harness.js';

interface Outcome {
  parsed: number;
  clearErrors: number;
  /** Anything thrown that is not the parser's own DiffParseError. */
  failures: number;
  firstFailure?: string;
}

/** Our path: parse, build the anchor validator, anchor a range in every file. */
function runOurs(texts: readonly string[]): Outcome {
  const outcome: Outcome = { parsed: 0, clearErrors: 0, failures: 0 };
  for (const text of texts) {
    try {
      const parsed = parseUnifiedDiff(text);
      const anchors = new DiffAnchors(parsed);
      for (const file of parsed) anchors.anchor(file.path, 1, 3);
      outcome.parsed++;
    } catch (error) {
      if (error instanceof DiffParseError) outcome.clearErrors++;
      else {
        outcome.failures++;
        outcome.firstFailure ??= String(error);
      }
    }
  }
  return outcome;
}

function runParseDiff(texts: readonly string[]): Outcome {
  const outcome: Outcome = { parsed: 0, clearErrors: 0, failures: 0 };
  for (const text of texts) {
    try {
      parseDiff(text);
      outcome.parsed++;
    } catch (error) {
      outcome.failures++;
      outcome.firstFailure ??= String(error);
    }
  }
  return outcome;
}

/** Anchors our validator accepts that the oracle says GitHub would refuse, and the reverse. */
function anchorDisagreements(cases: ReadonlyArray<{ text: string; paths: string[] }>): { checked: number; wrong: number } {
  let checked = 0;
  let wrong = 0;
  for (const { text, paths } of cases) {
    const anchors = new DiffAnchors(parseUnifiedDiff(text));
    const oracle = oracleRightLines(text);
    for (const path of paths) {
      const hunks = oracle.get(path) ?? [];
      for (let line = 1; line <= 60; line += 3) {
        for (const span of [0, 2]) {
          checked++;
          const anchor = anchors.anchor(path, line, line + span);
          const allowed = hunks.some((lines) => lines.includes(line) && lines.includes(line + span));
          if (anchor) {
            const hunk = hunks.find((lines) => lines.includes(anchor.line));
            if (!hunk || (anchor.startLine !== undefined && !hunk.includes(anchor.startLine))) wrong++;
          } else if (allowed) wrong++;
        }
      }
    }
  }
  return { checked, wrong };
}

/**
 * Fuzzed diffs per second through our parser and anchor validator (parseUnifiedDiff + DiffAnchors),
 * against parse-diff alone on the same inputs, same run. Counts failures (anything thrown but the
 * parser's own DiffParseError: must be 0) and, on the valid diffs, anchors that disagree with an
 * independent reading of the diff (must be 0: every accepted anchor is one GitHub accepts).
 */
export async function benchFuzzDiffs(options: { inputs: number; runs: number; seed?: number }): Promise<BenchTable> {
  const seed = options.seed ?? 20_261_126;
  const validFiles = fc.sample(fc.array(fileDiff, { minLength: 1, maxLength: 4 }).map(uniqueByPath), { numRuns: options.inputs, seed });
  const valid = validFiles.map((files) => ({ text: renderDiff(files), paths: files.map((file) => file.path) }));
  const mutated = fc
    .sample(fc.tuple(fc.array(fileDiff, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 })), { numRuns: options.inputs, seed: seed + 1 })
    .map(([files, mutations]) => mutations.reduce((text, mutate) => mutate(text), renderDiff(files)));
  const validTexts = valid.map((item) => item.text);
  const anchorCheck = anchorDisagreements(valid);

  const rows: BenchRow[] = [];
  for (const [label, texts] of [
    ['valid generated diffs', validTexts],
    ['mutated diffs', mutated],
  ] as const) {
    let ours: Outcome = { parsed: 0, clearErrors: 0, failures: 0 };
    let baseline: Outcome = { parsed: 0, clearErrors: 0, failures: 0 };
    const oursTime = await measure(() => (ours = runOurs(texts)), options.runs);
    const peak = peakMemoryMb();
    const baselineTime = await measure(() => (baseline = runParseDiff(texts)), options.runs);
    const rate = (m: Measurement) => (texts.length / m.median) * 1000;
    const bytes = texts.reduce((sum, text) => sum + text.length, 0);
    rows.push({
      name: `${label}: parseUnifiedDiff + DiffAnchors vs parse-diff alone`,
      figure: `${fmtRate(rate(oursTime))} inputs/s; ${ours.failures} failures, ${ours.clearErrors} clear DiffParseErrors`,
      baseline: `${fmtRate(rate(baselineTime))} inputs/s; ${baseline.failures} throws`,
      // Time over the same inputs: how much more our parse and anchor check cost than parse-diff's parse.
      ratio: oursTime.median / baselineTime.median,
      spread: formatSpread(oursTime),
      target: '0 failures',
      peakMemoryMb: peak,
      values: {
        inputs: texts.length,
        bytes,
        rate: rate(oursTime),
        baselineRate: rate(baselineTime),
        failures: ours.failures,
        clearErrors: ours.clearErrors,
        baselineThrows: baseline.failures,
        ...(label === 'valid generated diffs' ? { anchorsChecked: anchorCheck.checked, anchorDisagreements: anchorCheck.wrong } : {}),
      },
    });
    if (ours.failures > 0) rows[rows.length - 1]!.name += ` (first failure: ${ours.firstFailure})`;
  }
  return {
    title: 'Fuzzed diffs',
    description:
      `${options.inputs.toLocaleString('en')} valid and ${options.inputs.toLocaleString('en')} mutated unified diffs from fast-check (\`fc.sample\`, seed ${seed}; the generators of bench/diff-generators.ts, shared with test/hostile/diff-fuzz.test.ts), ` +
      'each parsed by parseUnifiedDiff, given to DiffAnchors and anchored once per file; baseline: parse-diff alone on the same inputs. ' +
      'A failure is anything thrown other than the parser\'s own DiffParseError. Ratio: our time over parse-diff\'s on the same inputs.',
    rows,
    notes: [
      `Anchors on the valid diffs checked against an independent reading of each diff (right-side lines per hunk): ${anchorCheck.checked.toLocaleString('en')} checked, ${anchorCheck.wrong} disagreements.`,
    ],
  };
}

function fmtRate(rate: number): string {
  return Math.round(rate).toLocaleString('en');
}
