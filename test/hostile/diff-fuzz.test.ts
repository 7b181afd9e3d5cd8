import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DiffParseError, parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import { DiffAnchors } from '../../src/core/diff/anchor.js';
import { fingerprintFindings } from '../../src/core/review/fingerprint.js';
import type { Finding } from '../../src/core/finding.js';

/** A hunk as the generator builds it: lines of context (' '), additions ('+') and deletions ('-'). */
const hunkLines = fc.array(fc.tuple(fc.constantFrom(' ', '+', '-'), fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ''))), { minLength: 1, maxLength: 12 });

const fileDiff = fc.record({
  path: fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}\.(ts|py|go|java)$/),
  hunks: fc.array(hunkLines, { minLength: 1, maxLength: 3 }),
  noNewline: fc.boolean(),
});

/** Renders generated files as a valid git diff. */
function render(files: Array<{ path: string; hunks: Array<Array<[string, string]>>; noNewline: boolean }>): string {
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

/** An independent oracle: right-side lines per hunk, by walking the diff text ourselves. */
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

function uniqueByPath<T extends { path: string }>(files: T[]): T[] {
  return [...new Map(files.map((file) => [file.path, file])).values()];
}

describe('diff parser under fuzzing', () => {
  it('accepts exactly the anchors an independent reading of the diff allows', () => {
    fc.assert(
      fc.property(fc.array(fileDiff, { minLength: 1, maxLength: 4 }).map(uniqueByPath), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 5 }), (files, line, span) => {
        const text = render(files);
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
    fc.assert(
      fc.property(fc.array(fileDiff, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (files, mutations) => {
        const text = mutations.reduce((acc, mutate) => mutate(acc), render(files));
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
