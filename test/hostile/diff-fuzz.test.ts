import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DiffParseError, parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import { DiffAnchors } from '../../src/core/diff/anchor.js';
import { fileDiff, mutation, oracleRightLines, renderDiff, uniqueByPath } from '../../bench/diff-generators.js';
import { fingerprintFindings } from '../../src/core/review/fingerprint.js';
import type { Finding } from '../../src/core/finding.js';

describe('diff parser under fuzzing', () => {
  it('accepts exactly the anchors an independent reading of the diff allows', () => {
    fc.assert(
      fc.property(fc.array(fileDiff, { minLength: 1, maxLength: 4 }).map(uniqueByPath), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 5 }), (files, line, span) => {
        const text = renderDiff(files);
        const anchors = new DiffAnchors(parseUnifiedDiff(text));
        const oracle = oracleRightLines(text);
        for (const { path } of files) {
          const anchor = anchors.anchor(path, line, line + span);
          const hunks = oracle.get(path) ?? [];
          if (anchor) {
            const hunk = hunks.find((lines) => lines.includes(anchor.line));
            expect(hunk).toBeDefined();
            if (anchor.startLine !== undefined) expect(hunk).toContain(anchor.startLine);
          } else {
            expect(hunks.some((lines) => lines.includes(line + span) && lines.includes(line))).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but its own clear error on mutated diffs', () => {
    fc.assert(
      fc.property(fc.array(fileDiff, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (files, mutations) => {
        const text = mutations.reduce((acc, mutate) => mutate(acc), renderDiff(files));
        try {
          const parsed = parseUnifiedDiff(text);
          const anchors = new DiffAnchors(parsed);
          for (const file of parsed) anchors.anchor(file.path, 1, 3);
        } catch (error) {
          expect(error).toBeInstanceOf(DiffParseError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('parses an empty file, a file with no newline, and a 100 MB single line', () => {
    expect(parseUnifiedDiff('diff --git a/e.ts b/e.ts\nnew file mode 100644\nindex 0000000..e69de29\n')).toEqual([
      { path: 'e.ts', status: 'added', binary: false, hunks: [], additions: 0, deletions: 0 },
    ]);
    const huge = `diff --git a/m.js b/m.js\n--- a/m.js\n+++ b/m.js\n@@ -0,0 +1 @@\n+${'x'.repeat(100 * 1024 * 1024)}\n\\ No newline at end of file\n`;
    const [file] = parseUnifiedDiff(huge);
    expect(file?.hunks[0]?.addedLines).toEqual([1]);
  });
});

describe('fingerprints', () => {
  const finding = (line: number): Finding => ({ rule: 'r/x', checklist: 'api.auth', severity: 'high', path: 'a.ts', line, title: 't', message: 'm', source: 'static' });
  it('survive line shifts and whitespace changes, and differ for different code', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0 && !/\s/.test(s)), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), (code, lineA, lineB) => {
        const [a] = fingerprintFindings([finding(lineA)], () => `  ${code}`);
        const [b] = fingerprintFindings([finding(lineB)], () => `\t${code}   `);
        const [c] = fingerprintFindings([finding(lineA)], () => `${code}!`);
        expect(a!.fingerprint).toBe(b!.fingerprint);
        expect(c!.fingerprint).not.toBe(a!.fingerprint);
      }),
      { numRuns: 200 },
    );
  });
});
