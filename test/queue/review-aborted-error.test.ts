import { describe, expect, it } from '@jest/globals';
import { ReviewAbortedError, abortReasonOf, supersededBy } from '../../src/queue/review-aborted-error.js';

describe('abortReasonOf', () => {
  it('reads the queue reason off an aborted signal', () => {
    const controller = new AbortController();
    expect(abortReasonOf(controller.signal)).toBeUndefined();
    controller.abort(supersededBy('c'.repeat(40)));
    const reason = abortReasonOf(controller.signal);
    expect({ kind: reason?.kind, newerHeadSha: reason?.newerHeadSha, name: reason?.name }).toEqual({ kind: 'superseded', newerHeadSha: 'c'.repeat(40), name: 'AbortError' });
  });

  it('ignores aborts that are not the queue’s', () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    expect(abortReasonOf(controller.signal)).toBeUndefined();
  });

  it('has a shutdown kind without a head', () => {
    const reason = new ReviewAbortedError('shutdown');
    expect([reason.kind, reason.newerHeadSha]).toEqual(['shutdown', undefined]);
  });
});
