import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DiffParseError, parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import { DiffAnchors } from '../../src/core/diff/anchor.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/diff/${name}`, import.meta.url), 'utf8');

describe('parseUnifiedDiff', () => {
  it('matches the golden parse of a diff with renames, binaries, additions, deletions and quoted paths', () => {
    expect(parseUnifiedDiff(fixture('mixed.diff'))).toEqual(JSON.parse(fixture('mixed.json')));
  });

  it('reads CRLF diffs like LF ones', () => {
    const lf = fixture('mixed.diff');
    expect(parseUnifiedDiff(lf.replace(/\n/g, '\r\n'))).toEqual(parseUnifiedDiff(lf));
  });

  it('refuses a diff above the size limit with a clear error', () => {
    expect(() => parseUnifiedDiff('x'.repeat(101), { maxChars: 100 })).toThrow(new DiffParseError('diff is 101 characters, above the limit of 100'));
  });

  it('returns nothing for an empty diff', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});

describe('DiffAnchors', () => {
  const anchors = new DiffAnchors(parseUnifiedDiff(fixture('mixed.diff')));
  it.each([
    ['src/new-name.ts', 3, undefined, { path: 'src/new-name.ts', line: 3 }],
    ['src/new-name.ts', 1, 5, { path: 'src/new-name.ts', line: 5, startLine: 1 }],
    ['src/new-name.ts', 6, undefined, undefined],
    ['assets/logo.png', 1, undefined, undefined],
    ['docs/renamed.md', 1, undefined, undefined],
    ['src/gone.go', 1, undefined, undefined],
    ['src/äpfel.ts', 11, undefined, { path: 'src/äpfel.ts', line: 11 }],
    ['src/äpfel.ts', 2, 11, { path: 'src/äpfel.ts', line: 11 }],
  ])('%s:%s-%s → %j', (path, line, end, expected) => {
    expect(anchors.anchor(path, line, end)).toEqual(expected);
  });

  it('tells added lines from context lines', () => {
    expect(anchors.isAdded('src/new-name.ts', 2)).toBe(true);
    expect(anchors.isAdded('src/new-name.ts', 1)).toBe(false);
  });
});
