import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/core/finding.js';
import {
  MAX_SUMMARY_CHARS,
  renderCheckSummary,
  renderCheckTitle,
  renderConfigErrorOutput,
  renderErrorOutput,
  renderSkippedOutput,
} from '../../src/core/render/summary-markdown.js';
import { expectGolden, finding, typicalResult } from './review-result-fixture.js';

const delivery = { inlinePosted: 2, listedInReview: 1, alreadyPosted: 3, dismissed: 1, threadsResolved: 1, incrementalSince: 'c'.repeat(40), reviewUrl: 'https://github.com/o/r/pull/1#pullrequestreview-7' };

describe('renderCheckSummary', () => {
  it('renders routes, findings by severity and checklist item, the matrix, skips, the agent and notes', () => {
    const output = renderCheckSummary(typicalResult(), { language: 'en', delivery });
    expect(output.title).toBe('3 findings (1 critical, 1 high, 1 medium) · 3 routes changed');
    expectGolden('typical.en.md', output.summary);
  });

  it('writes Spanish when review_language is es', () => {
    expectGolden('typical.es.md', renderCheckSummary(typicalResult(), { language: 'es' }).summary);
  });

  it('says there is nothing to report on a clean change', () => {
    const output = renderCheckSummary(
      typicalResult({ findings: [], checklistMatrix: [], routeChanges: [], skippedChanges: [], skippedTreeFiles: [], notes: [], conclusion: 'success', agent: { status: 'offline', message: 'no model key configured', findings: [], usage: { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, estimatedCostUsd: 0, calls: 0 }, unreadFiles: [] } }),
      { language: 'en' },
    );
    expect(output.title).toBe('No findings');
    expectGolden('clean.en.md', output.summary);
  });

  it('turns the checklist matrix around when more routes changed than fit as columns', () => {
    const routes = ['GET /a', 'GET /b', 'POST /c', 'PUT /d', 'DELETE /e'];
    const checklistMatrix = routes.map((route, index) => ({
      route,
      routeRef: `src/r.ts:${index + 1}`,
      items: [
        { checklist: 'api.auth' as const, status: index % 2 === 0 ? ('satisfied' as const) : ('finding' as const) },
        { checklist: 'api.rate-limiting' as const, status: 'undecidable' as const },
      ],
    }));
    expectGolden('matrix-by-route.en.md', renderCheckSummary(typicalResult({ checklistMatrix, notes: [] }), { language: 'en' }).summary);
  });

  it('stays within the limit and says what it left out', () => {
    const many: Finding[] = Array.from({ length: 400 }, (_, index) =>
      finding({ rule: 'pagination/unbounded-list', checklist: 'api.pagination', severity: 'high', path: `src/routes/r${index}.ts`, line: index + 1, title: `Unbounded list number ${index} ${'x'.repeat(100)}` }),
    );
    const output = renderCheckSummary(typicalResult({ findings: many }), { language: 'en', maxChars: 8000 });
    expect(output.summary.length).toBeLessThanOrEqual(8000);
    expectGolden('truncated.en.md', output.summary);
  });

  it('never exceeds GitHub\'s 65,535 characters', () => {
    const many: Finding[] = Array.from({ length: 3000 }, (_, index) =>
      finding({ rule: 'pagination/unbounded-list', checklist: 'api.pagination', severity: 'high', path: `src/routes/r${index}.ts`, line: index + 1, title: `Unbounded ${'y'.repeat(200)}` }),
    );
    const output = renderCheckSummary(typicalResult({ findings: many, notes: Array.from({ length: 100 }, () => 'n'.repeat(3000)) }), { language: 'en' });
    expect(output.summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(output.summary.includes("This summary was truncated")).toBe(true);
  });

  it('puts the agent\'s write-up in the text field', () => {
    const result = typicalResult();
    result.agent.summary = {
      analysis: 'The change adds a listing endpoint.',
      considerations: ['Collections grow'],
      options: [{ name: 'Cursor pagination', description: 'Opaque cursor', pros: ['stable'], cons: ['no jumps'], when: 'large tables' }],
      recommendation: 'Use cursor pagination.',
      nextSteps: ['Add a limit'],
      questions: ['How big can it get?'],
    };
    expectGolden('agent-text.en.md', renderCheckSummary(result, { language: 'en' }).text ?? '');
  });

  it('keeps titles within 255 characters', () => {
    const long = finding({ rule: 'x/y', checklist: 'api.auth', severity: 'low', path: 'a.ts', line: 1, title: 't' });
    const title = renderCheckTitle({ findings: [long], routeChanges: Array.from({ length: 3 }, () => typicalResult().routeChanges[0]!), conclusion: 'neutral' }, 'en');
    expect(title).toBe('1 finding (1 low) · 3 routes changed');
    expect(renderErrorOutput({ name: 'Error', message: 'm' }, 'en').title.length).toBeLessThanOrEqual(255);
  });
});

describe('status outputs', () => {
  it('says why a check was skipped', () => {
    expect(renderSkippedOutput({ kind: 'draft' }, 'en')).toEqual({
      title: 'Review skipped',
      summary: 'This pull request is a draft: automatic reviews skip drafts (`skip_drafts` in the configuration). Mark it ready for review, or comment the review command, to review it.',
    });
    expect(renderSkippedOutput({ kind: 'paused', prefix: '/expert' }, 'en').summary).toBe(
      'Automatic reviews are paused on this pull request. Comment `/expert resume` to restart them, or `/expert review` for one review now.',
    );
  });

  it('names the error of a broken review', () => {
    expect(renderErrorOutput({ name: 'HttpError', message: 'Server Error | upstream' }, 'en')).toEqual({
      title: 'Review failed: HttpError',
      summary: 'The review could not finish: **HttpError** — Server Error \\| upstream\n\nNothing was concluded about the code. Re-run the check, or comment the review command, to try again.',
    });
  });

  it('names the file, key and problem of an invalid configuration', () => {
    expect(renderConfigErrorOutput('.github/backend-expert.yml', [{ key: 'max_comments', message: 'Too big: expected number to be <=50', line: 3 }], 'en')).toEqual({
      title: 'Invalid configuration: .github/backend-expert.yml',
      summary:
        'The configuration `.github/backend-expert.yml` (read from the default branch) is invalid, so the pull request was not reviewed:\n\n- `max_comments`: Too big: expected number to be <=50 (line 3)\n\nFix the file on the default branch, then re-run this check.',
    });
  });
});
