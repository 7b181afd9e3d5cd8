import { describe, expect, it } from '@jest/globals';
import { DiffAnchors } from '../../src/core/diff/anchor.js';
import { parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import {
  codeFence,
  fingerprintMarker,
  parseFingerprintMarker,
  parseReviewMarker,
  planReviewComments,
  renderCommentBody,
  renderReviewBody,
  reviewMarker,
} from '../../src/core/render/review-comments.js';
import { expectGolden, finding } from './review-result-fixture.js';

const DIFF = [
  'diff --git a/src/app.ts b/src/app.ts',
  '--- a/src/app.ts',
  '+++ b/src/app.ts',
  '@@ -1,3 +1,6 @@',
  ' const a = 1;',
  '+const b = 2;',
  '+const c = 3;',
  '+const d = 4;',
  ' const e = 5;',
  ' const f = 6;',
  '@@ -20,2 +23,3 @@',
  ' x();',
  '+y();',
  ' z();',
  'diff --git a/logo.png b/logo.png',
  'Binary files a/logo.png and b/logo.png differ',
  '',
].join('\n');
const anchors = new DiffAnchors(parseUnifiedDiff(DIFF));
const options = { suggestions: true, language: 'en' as const };

describe('codeFence', () => {
  it('is longer than any backtick run in the code', () => {
    expect(codeFence('plain')).toBe('```');
    expect(codeFence('a ``` b')).toBe('````');
    expect(codeFence('`````')).toBe('``````');
  });
});

describe('markers', () => {
  it('round-trip fingerprints and review markers', () => {
    expect(parseFingerprintMarker(`text\n${fingerprintMarker('0123456789abcdef', 'agent')}`)).toEqual({ fingerprint: '0123456789abcdef', source: 'agent' });
    const marker = { head: 'a'.repeat(40), base: 'b'.repeat(40), run: 'o__r__1__abc', fingerprints: ['0123', '4567'] };
    expect(parseReviewMarker(`body\n${reviewMarker(marker)}`)).toEqual(marker);
    expect(parseReviewMarker('no marker')).toBeUndefined();
    expect(parseFingerprintMarker('<!-- other -->')).toBeUndefined();
  });
});

describe('renderCommentBody', () => {
  it('offers a suggestion with a safe fence when it replaces exactly the commented lines', () => {
    const withSuggestion = finding({
      rule: 'resilience/no-timeout',
      checklist: 'service.resilience',
      severity: 'medium',
      path: 'src/app.ts',
      line: 2,
      title: 'No timeout',
      message: 'Add a timeout.',
      fingerprint: '0123456789abcdef',
      suggestion: { line: 2, endLine: 2, replacement: 'const b = `x` + ```y```;' },
    });
    expectGolden('comment-with-suggestion.md', renderCommentBody(withSuggestion, { path: 'src/app.ts', line: 2 }, options));
    expect(renderCommentBody(withSuggestion, { path: 'src/app.ts', line: 2 }, { ...options, suggestions: false }).includes('suggestion')).toBe(false);
    // A suggestion for other lines than the comment's would replace the wrong code: left out.
    expect(renderCommentBody(withSuggestion, { path: 'src/app.ts', line: 3, startLine: 2 }, options).includes('```suggestion')).toBe(false);
  });
});

describe('planReviewComments', () => {
  it('anchors on right-side lines only, caps the count, one comment per line, the rest to the body', () => {
    const base = { rule: 'r/x', checklist: 'api.auth' as const, severity: 'high' as const, title: 'T' };
    const onAdded = finding({ ...base, path: 'src/app.ts', line: 2, fingerprint: '1'.repeat(16) });
    const range = finding({ ...base, path: 'src/app.ts', line: 2, endLine: 4, fingerprint: '2'.repeat(16) });
    const sameLine = finding({ ...base, path: 'src/app.ts', line: 2, fingerprint: '3'.repeat(16) });
    const outside = finding({ ...base, path: 'src/app.ts', line: 15, fingerprint: '4'.repeat(16) });
    const binary = finding({ ...base, path: 'logo.png', line: 1, fingerprint: '5'.repeat(16) });
    const secondHunk = finding({ ...base, path: 'src/app.ts', line: 24, fingerprint: '6'.repeat(16) });
    const overCap = finding({ ...base, path: 'src/app.ts', line: 25, fingerprint: '7'.repeat(16) });
    const plan = planReviewComments([onAdded, range, sameLine, outside, binary, secondHunk, overCap], anchors, { ...options, maxComments: 3 });
    expect(plan.inline.map((comment) => ({ ...comment.draft, body: parseFingerprintMarker(comment.draft.body)?.fingerprint }))).toEqual([
      { path: 'src/app.ts', line: 2, side: 'RIGHT', body: '1'.repeat(16) },
      { path: 'src/app.ts', line: 4, side: 'RIGHT', start_line: 2, start_side: 'RIGHT', body: '2'.repeat(16) },
      { path: 'src/app.ts', line: 24, side: 'RIGHT', body: '6'.repeat(16) },
    ]);
    expect(plan.rest.map((item) => item.fingerprint)).toEqual(['3'.repeat(16), '4'.repeat(16), '5'.repeat(16), '7'.repeat(16)]);
    // Only the fields GitHub accepts, so one unknown key cannot fail the whole review.
    for (const comment of plan.inline) {
      expect(Object.keys(comment.draft).every((key) => ['path', 'line', 'side', 'start_line', 'start_side', 'body'].includes(key))).toBe(true);
    }
  });
});

describe('anchors of renamed files', () => {
  it('comments on a renamed file under its new name; a pure rename takes no line comment', () => {
    const renamed = new DiffAnchors(
      parseUnifiedDiff(
        [
          'diff --git a/src/old.ts b/src/new.ts',
          'similarity index 90%',
          'rename from src/old.ts',
          'rename to src/new.ts',
          '--- a/src/old.ts',
          '+++ b/src/new.ts',
          '@@ -1,2 +1,3 @@',
          ' a();',
          '+b();',
          ' c();',
          'diff --git a/src/same.ts b/src/moved.ts',
          'similarity index 100%',
          'rename from src/same.ts',
          'rename to src/moved.ts',
          '',
        ].join('\n'),
      ),
    );
    const base = { rule: 'r/x', checklist: 'api.auth' as const, severity: 'high' as const, title: 'T' };
    const plan = planReviewComments(
      [finding({ ...base, path: 'src/new.ts', line: 2 }), finding({ ...base, path: 'src/moved.ts', line: 1 }), finding({ ...base, path: 'src/old.ts', line: 2 })],
      renamed,
      { ...options, maxComments: 10 },
    );
    expect(plan.inline.map((comment) => [comment.draft.path, comment.draft.line])).toEqual([['src/new.ts', 2]]);
    expect(plan.rest.map((item) => item.path)).toEqual(['src/moved.ts', 'src/old.ts']);
  });
});

describe('renderReviewBody', () => {
  it('lists the findings not commented inline and carries the marker', () => {
    const listed = [finding({ rule: 'r/x', checklist: 'api.auth', severity: 'high', path: 'src/a.ts', line: 9, title: 'Missing\nauth', fingerprint: 'abcdefabcdefabcd' })];
    expectGolden(
      'review-body.md',
      renderReviewBody({
        inlineCount: 2,
        listed,
        marker: { head: 'a'.repeat(40), base: 'b'.repeat(40), run: 'run-1', fingerprints: ['abcdefabcdefabcd'] },
        incrementalSince: 'c'.repeat(40),
        language: 'en',
      }),
    );
  });
});
