import { describe, expect, it } from '@jest/globals';
import { TransientError, isFinalFailure, isTransientError, markTransient } from '../../src/queue/is-transient-error.js';
import { QueueUnavailableError } from '../../src/queue/queue-unavailable-error.js';

function withFields(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('isTransientError', () => {
  it.each([
    ['GitHub 502', withFields('Bad Gateway', { status: 502 })],
    ['GitHub 500', withFields('Server Error', { status: 500 })],
    ['rate limited 429', withFields('Too Many Requests', { status: 429 })],
    ['request timeout 408', withFields('Request Timeout', { status: 408 })],
    ['Anthropic overloaded 529', withFields('Overloaded', { status: 529 })],
    ['secondary rate limit (retry-after)', withFields('Forbidden', { status: 403, response: { headers: { 'retry-after': '60' } } })],
    ['secondary rate limit (message)', withFields('You have exceeded a secondary rate limit', { status: 403 })],
    ['connection reset', withFields('socket hang up', { code: 'ECONNRESET' })],
    ['DNS hiccup', withFields('getaddrinfo EAI_AGAIN api.github.com', { code: 'EAI_AGAIN' })],
    ['undici connect timeout', withFields('Connect Timeout Error', { code: 'UND_ERR_CONNECT_TIMEOUT' })],
    ['fetch failed with a network cause', new TypeError('fetch failed', { cause: withFields('connect ECONNREFUSED', { code: 'ECONNREFUSED' }) })],
    ['timeout', withFields('The operation timed out', { name: 'TimeoutError' })],
    ['explicit TransientError', new TransientError('try later')],
    ['marked error', markTransient(new Error('flaky'))],
    ['queue unavailable', new QueueUnavailableError('Redis down')],
  ])('%s is transient', (_label, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['GitHub 404', withFields('Not Found', { status: 404 })],
    ['GitHub 422', withFields('Unprocessable Entity', { status: 422 })],
    ['plain 403 (permissions)', withFields('Resource not accessible by integration', { status: 403 })],
    ['401', withFields('Bad credentials', { status: 401 })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['5xx explicitly marked permanent', withFields('Bad Gateway', { status: 502, transient: false })],
    ['not an error', 'boom'],
    ['null', null],
  ])('%s is not transient', (_label, error) => {
    expect(isTransientError(error)).toBe(false);
  });

  it('survives a cause cycle', () => {
    const error = new Error('outer') as Error & { cause?: unknown };
    error.cause = error;
    expect(isTransientError(error)).toBe(false);
  });
});

describe('isFinalFailure', () => {
  it('is final for a permanent error or on the last attempt', () => {
    const transient = withFields('Bad Gateway', { status: 502 });
    const permanent = withFields('Not Found', { status: 404 });
    expect([
      isFinalFailure(transient, { lastAttempt: false }),
      isFinalFailure(transient, { lastAttempt: true }),
      isFinalFailure(permanent, { lastAttempt: false }),
    ]).toEqual([false, true, true]);
  });
});
