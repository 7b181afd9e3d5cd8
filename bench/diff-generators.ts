import fc from 'fast-check';

/**
 * Unified-diff generators shared by the fuzz tests (test/hostile/diff-fuzz.test.ts) and the fuzz
 * benchmark: files of random hunks rendered as valid git diffs, and the same diffs mutated the ways
 * real diffs go wrong (hunk headers without counts, CRLF, binary markers, truncation, `\ No newline`,
 * renames, garbage headers, junk text, non-UTF-8 bytes).
 */

/** A hunk: lines of context (' '), additions ('+') and deletions ('-'). */
export const hunkLines = fc.array(fc.tuple(fc.constantFrom(' ', '+', '-'), fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ''))), { minLength: 1, maxLength: 12 });

export const fileDiff = fc.record({
  path: fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}\.(ts|py|go|java)$/),
  hunks: fc.array(hunkLines, { minLength: 1, maxLength: 3 }),
  noNewline: fc.boolean(),
});

export type GeneratedFile = { path: string; hunks: Array<Array<[string, string]>>; noNewline: boolean };

export const mutation = fc.oneof(
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
export function renderDiff(files: readonly GeneratedFile[]): string {
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

export function uniqueByPath<T extends { path: string }>(files: T[]): T[] {
  return [...new Map(files.map((file) => [file.path, file])).values()];
}

/** An independent oracle: right-side lines per hunk, walking the diff text ourselves. */
export function oracleRightLines(text: string): Map<string, number[][]> {
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
