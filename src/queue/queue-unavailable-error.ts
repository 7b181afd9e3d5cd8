/**
 * The queue cannot take a job (Redis unreachable, queue closed). It carries HTTP status 503 so that a
 * webhook handler that lets it propagate answers GitHub with an error: the delivery shows as failed and
 * can be redelivered, instead of a 200 for work that was silently dropped. (@octokit/webhooks answers
 * with the thrown error's `status`.)
 */
export class QueueUnavailableError extends Error {
  readonly status = 503;
  readonly transient = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}
