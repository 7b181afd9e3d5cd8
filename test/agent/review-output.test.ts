import { describe, expect, it } from '@jest/globals';
import { SUBMIT_REVIEW_TOOL, validateSubmittedReview } from '../../src/core/agent/review-output.js';
import { GOOD_SUMMARY } from './helpers.js';

const context = { lineCount: (path: string) => (path === 'src/a.ts' ? 50 : undefined) };
const finding = { path: 'src/a.ts', line: 10, checklist: 'api.auth', severity: 'high', title: 'No guard', body: 'Add `authenticate`.' };

describe('validateSubmittedReview', () => {
  it.each([
    [{ ...finding, line: 0 }, 'findings[0]: line: Too small: expected number to be >=1'],
    [{ ...finding, end_line: 5 }, 'findings[0]: end_line 5 is before line 10'],
    [{ ...finding, line: 51 }, 'findings[0]: line 51 is beyond the end of src/a.ts (50 lines)'],
    [{ ...finding, path: 'src/b.ts' }, 'findings[0]: path "src/b.ts" is not a file of the pull request\'s head'],
    [{ ...finding, severity: 'blocker' }, 'findings[0]: severity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"'],
  ])('rejects %j', (item, error) => {
    const result = validateSubmittedReview({ findings: [item], summary: GOOD_SUMMARY }, context);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([error]);
  });

  it('keeps valid findings beside invalid ones, and drops a suggestion that could break out of its block', () => {
    const result = validateSubmittedReview(
      { findings: [{ ...finding, suggestion: { replacement: '```\n@everyone\n```' } }, { ...finding, checklist: 'nope' }], summary: GOOD_SUMMARY },
      context,
    );
    expect(result.findings).toEqual([{ rule: 'agent/api.auth', checklist: 'api.auth', severity: 'high', path: 'src/a.ts', line: 10, title: 'No guard', message: 'Add `authenticate`.', source: 'agent' }]);
    expect(result.errors).toHaveLength(1);
  });

  it('reports a missing shape instead of throwing', () => {
    expect(validateSubmittedReview('approve', context).errors).toEqual(['the input must be an object with `findings` and `summary`']);
    expect(validateSubmittedReview({}, context).errors).toEqual(['`findings` must be an array (empty when there are none)', 'summary: Invalid input: expected object, received undefined']);
  });

  it('offers the model a JSON schema without zod noise', () => {
    const text = JSON.stringify(SUBMIT_REVIEW_TOOL.input_schema);
    expect(text).not.toContain('$schema');
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    expect(SUBMIT_REVIEW_TOOL.input_schema.required).toEqual(['findings', 'summary']);
  });
});
