import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { LOG_REDACTION, redactingLogger, reviewLogBindings, reviewLogger } from '../../src/server/logging.js';

function capture(): { lines: () => Array<Record<string, unknown>>; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('reviewLogger', () => {
  it('puts the delivery, job, repository and pull request on every line of a review', () => {
    const { stream, lines } = capture();
    const log = reviewLogger(pino({ base: undefined, timestamp: false }, stream), { deliveryId: 'd-1', jobId: 'octo__shop__7__abc', owner: 'octo', repo: 'shop', pullNumber: 7, headSha: 'abc', installationId: 42 });
    log.info('reading the diff');
    log.child({ step: 'agent' }).warn('model unavailable');
    expect(lines()).toEqual([
      { level: 30, repository: 'octo/shop', pr: 7, deliveryId: 'd-1', jobId: 'octo__shop__7__abc', headSha: 'abc', installationId: 42, msg: 'reading the diff' },
      { level: 40, repository: 'octo/shop', pr: 7, deliveryId: 'd-1', jobId: 'octo__shop__7__abc', headSha: 'abc', installationId: 42, step: 'agent', msg: 'model unavailable' },
    ]);
  });

  it('redacts tokens, keys and signatures', () => {
    const { stream, lines } = capture();
    const log = reviewLogger(pino({ base: undefined, timestamp: false }, stream), { owner: 'octo', repo: 'shop', pullNumber: 7 });
    log.info(
      {
        token: 'ghs_abcdefghijklmnopqrstuvwxyz0123456789',
        auth: { token: 'ghs_secret', type: 'installation' },
        err: { message: 'Bad credentials', request: { method: 'GET', headers: { authorization: 'token ghs_secret' } } },
        headers: { 'x-hub-signature-256': 'sha256=deadbeef', 'x-github-event': 'pull_request' },
        env: { ANTHROPIC_API_KEY: 'sk-ant-xxx', LOG_LEVEL: 'info' },
      },
      'request failed',
    );
    // pino's error serializer adds `type` and `stack`; only the redaction matters here.
    const [line] = lines();
    const { type: _type, stack: _stack, ...err } = line!.err as Record<string, unknown>;
    expect([{ ...line, err }]).toEqual([
      {
        level: 30,
        repository: 'octo/shop',
        pr: 7,
        token: '[REDACTED]',
        auth: { token: '[REDACTED]', type: 'installation' },
        err: { message: 'Bad credentials', request: { method: 'GET', headers: { authorization: '[REDACTED]' } } },
        headers: { 'x-hub-signature-256': '[REDACTED]', 'x-github-event': 'pull_request' },
        env: { ANTHROPIC_API_KEY: '[REDACTED]', LOG_LEVEL: 'info' },
        msg: 'request failed',
      },
    ]);
  });

  it('redacts outside reviews too', () => {
    const { stream, lines } = capture();
    redactingLogger(pino({ base: undefined, timestamp: false }, stream)).info({ privateKey: '-----BEGIN RSA PRIVATE KEY-----' }, 'loaded app');
    expect(lines()).toEqual([{ level: 30, privateKey: '[REDACTED]', msg: 'loaded app' }]);
  });

  it('is accepted by pino at construction', () => {
    expect(() => pino({ redact: LOG_REDACTION })).not.toThrow();
  });

  it('leaves out what is unknown', () => {
    expect(reviewLogBindings({ owner: 'o', repo: 'r', pullNumber: 1 })).toEqual({ repository: 'o/r', pr: 1 });
  });
});
