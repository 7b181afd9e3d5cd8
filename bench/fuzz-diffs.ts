import fc from 'fast-check';
import parseDiff from 'parse-diff';
import { DiffAnchors } from '../src/core/diff/anchor.js';
import { DiffParseError, parseUnifiedDiff } from '../src/core/diff/parse-unified-diff.js';
import { formatSpread, measure, peakMemoryMb, type BenchRow, type BenchTable, type Measurement } from './harness.js';

/**
 * Generators after test/hostile/diff-fuzz.test.ts: files of random hunks rendered as valid git diffs,
 * and the same diffs mutated the ways real diffs go wrong (hunk headers without counts, CRLF, binary
 * markers, truncation, `\ No newline`, renames, garbage headers, junk text, non-UTF-8 bytes).
 */
const hunkLines = fc.array(fc.tuple(fc.constantFrom(' ', '+', '-'), fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ''))), { minLength: 1, maxLength: 12 });

const fileDiff = fc.record({
  path: fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}\.(ts|py|go|java)$/),
  hunks: fc.array(hunkLines, { minLength: 1, maxLength: 3 }),
  noNewline: fc.boolean(),
});

type GeneratedFile = { path: string; hunks: Array<Array<[string, string]>>; noNewline: boolean };

const mutation = fc.oneof(
  fc.constant((t: string) => t.replace(/@@ -(\d+),\d+ \+(\d+),\d+ @@/, '@@ -$1 +$2 @@')),
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
  fc.constant((t: string) => t.replace('--- a/', 'Binary files a/')),
  fc.constant((t: string) => t.slice(0, Math.floor(t.length / 2))),
  fc.constant((t: string) => t + '\n\\ No newline at end of file\n'),
  fc.constant((t: string) => t.replace(/^diff --git .*$/m, 'diff --git a/x b/y\nsimilarity index 90%\nrename from x\nrename to y')),
  fc.constant((t: string) => t.replace(/@@[^\n]*@@/, '@@ -a,b +c,d @@')),
  fc.string({ maxLength: 200 }).map((junk) => (t: string) => t + junk),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => (t: string) => t + Buffer.from(bytes).toString('latin1')),
);

/** Renders generated files as a valid git diff. */
function render(files: readonly GeneratedFile[]): string {
  return files
    .map(({ path, hunks, noNewline }) => {
      let oldLine = 1;
      let newLine = 1;
      const body = hunks.map((lines) => {
        const oldCount = lines.filter(([kind]) => kind !== '+').length;
        const newCount = lines.filter(([kind]) => kind !== '-').length;
        const header = `@@ -${oldLine},${oldCount} +${newLine},${newCount} @@`;
        oldLine += oldCount + 3;
        newLine += newCount + 3;
        return [header, ...lines.map(([kind, text]) => kind + text)].join('\n');
      });
      return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${body.join('\n')}\n${noNewline ? '\\ No newline at end of file\n' : ''}`;
    })
    .join('');
}

function uniqueByPath<T extends { path: string }>(files: T[]): T[] {
  return [...new Map(files.map((file) => [file.path, file])).values()];
}

/** An independent oracle: right-side lines per hunk, walking the diff text ourselves. */
function oracleRightLines(text: string): Map<string, number[][]> {
  const result = new Map<string, number[][]>();
  let path = '';
  let right = 0;
  let current: number[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('+++ b/')) {
      path = line.slice(6);
      result.set(path, []);
    } else if (line.startsWith('@@')) {
      right = Number(/\+(\d+)/.exec(line)![1]);
      current = [];
      result.get(path)!.push(current);
    } else if (current && (line.startsWith(' ') || line.startsWith('+'))) {
      current.push(right++);
    }
  }
  return result;
}

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
  const valid = validFiles.map((files) => ({ text: render(files), paths: files.map((file) => file.path) }));
  const mutated = fc
    .sample(fc.tuple(fc.array(fileDiff, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 })), { numRuns: options.inputs, seed: seed + 1 })
    .map(([files, mutations]) => mutations.reduce((text, mutate) => mutate(text), render(files)));
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
      `${options.inputs.toLocaleString('en')} valid and ${options.inputs.toLocaleString('en')} mutated unified diffs from fast-check (\`fc.sample\`, seed ${seed}; the generators of test/hostile/diff-fuzz.test.ts), ` +
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
