/**
 * Why a review's AbortSignal fired. The queue aborts with one of these as `signal.reason`, so the worker
 * can tell a superseded review (complete the check run as superseded) from a shutdown (leave the check
 * run alone: the job goes back to the queue and another process finishes it).
 */
export type ReviewAbortKind = 'superseded' | 'shutdown';

export class ReviewAbortedError extends Error {
  readonly kind: ReviewAbortKind;
  /** For `superseded`: the newer head SHA of the same pull request. */
  readonly newerHeadSha?: string;

  constructor(kind: ReviewAbortKind, details: { newerHeadSha?: string } = {}) {
    super(kind === 'superseded' ? `superseded by a newer head ${details.newerHeadSha ?? ''}`.trimEnd() : 'the process is shutting down; the job returns to the queue');
    this.name = 'AbortError';
    this.kind = kind;
    if (details.newerHeadSha !== undefined) this.newerHeadSha = details.newerHeadSha;
  }
}

/** The queue's abort reason on `signal`, or undefined when it has not fired (or fired for another reason). */
export function abortReasonOf(signal: AbortSignal): ReviewAbortedError | undefined {
  return signal.aborted && signal.reason instanceof ReviewAbortedError ? signal.reason : undefined;
}

/** A superseding abort for a job whose pull request moved on to `newerHeadSha`. */
export function supersededBy(newerHeadSha: string): ReviewAbortedError {
  return new ReviewAbortedError('superseded', { newerHeadSha });
}
