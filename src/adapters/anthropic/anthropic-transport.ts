import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { ModelUnavailableError, type MessagesRequest, type MessagesResponse, type ModelTransport } from '../../core/agent/messages-request.js';
import { CircuitBreaker, sharedCircuitBreaker } from './circuit-breaker.js';
import { retryDelayMs, type HeaderReader } from './retry-delay.js';

export interface AnthropicTransportOptions {
  /** The edge passes `ANTHROPIC_API_KEY`; the adapter never reads the environment. */
  apiKey: string;
  /** The edge passes `ANTHROPIC_BASE_URL` when set (a proxy or gateway). */
  baseURL?: string;
  /** Per attempt. A review call with a large prompt takes tens of seconds; two minutes is generous. */
  timeoutMs?: number;
  /** Retries after the first attempt, for transient failures only. */
  maxRetries?: number;
  /** A server asking to wait longer than this is treated as unavailable rather than waited for. */
  maxRetryAfterMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  breaker?: CircuitBreaker;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Retries, refusals and failures, for logs and metrics. */
  onEvent?: (event: TransportEvent) => void;
}

export type TransportEvent =
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  | { type: 'circuit-open' }
  | { type: 'failure'; reason: string };

interface Failure {
  reason: string;
  retryable: boolean;
  /** Says something about the API's health (overload, 5xx, timeouts): counts toward the breaker. */
  outage: boolean;
  headers?: HeaderReader;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends Messages API requests with the official SDK, adding what a busy app needs around it: a
 * timeout per attempt, its own retries (the SDK's are off, so that every attempt passes the circuit
 * breaker and `retry-after` is honoured within a ceiling), and the process-wide circuit breaker.
 */
export class AnthropicTransport implements ModelTransport {
  private readonly client: Anthropic;
  private readonly breaker: CircuitBreaker;
  constructor(private readonly options: AnthropicTransportOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      timeout: options.timeoutMs ?? 120_000,
      maxRetries: 0,
    });
    this.breaker = options.breaker ?? sharedCircuitBreaker;
  }

  async send(request: MessagesRequest): Promise<MessagesResponse> {
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      if (!this.breaker.tryAcquire()) {
        this.options.onEvent?.({ type: 'circuit-open' });
        throw new ModelUnavailableError('the model API is failing (circuit breaker open); the agent is skipped until it recovers');
      }
      try {
        const response = await this.client.messages.create(request as MessageCreateParamsNonStreaming, { maxRetries: 0 });
        this.breaker.recordSuccess();
        // The SDK's content union also names server-tool blocks we never request; the blocks we read
        // are typed in MessagesResponse, and any other block is passed back unchanged on a retry.
        return response as unknown as MessagesResponse;
      } catch (error) {
        const failure = classify(error, this.options.timeoutMs ?? 120_000);
        if (failure.outage) this.breaker.recordFailure();
        else this.breaker.recordNeutral();
        this.options.onEvent?.({ type: 'failure', reason: failure.reason });
        if (!failure.retryable || attempt >= maxRetries) throw new ModelUnavailableError(failure.reason);
        const delayMs = retryDelayMs(attempt, failure.headers, {
          baseDelayMs: this.options.baseDelayMs ?? 1_000,
          maxDelayMs: this.options.maxDelayMs ?? 16_000,
          random: this.options.random ?? Math.random,
          now: this.options.now ?? Date.now,
        });
        if (delayMs > (this.options.maxRetryAfterMs ?? 60_000)) throw new ModelUnavailableError(`${failure.reason}; the API asks to wait ${formatSeconds(delayMs)}`);
        this.options.onEvent?.({ type: 'retry', attempt: attempt + 1, delayMs, reason: failure.reason });
        await (this.options.sleep ?? defaultSleep)(delayMs);
      }
    }
  }
}

function classify(error: unknown, timeoutMs: number): Failure {
  if (error instanceof APIConnectionTimeoutError) return { reason: `the model API did not answer within ${formatSeconds(timeoutMs)}`, retryable: true, outage: true };
  if (error instanceof APIUserAbortError) return { reason: 'the model request was cancelled', retryable: false, outage: false };
  if (error instanceof APIConnectionError) return { reason: `cannot reach the model API: ${error.message}`, retryable: true, outage: true };
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const headers = error.headers as HeaderReader | undefined;
    const told = headers?.get('x-should-retry');
    const kind = status === 529 ? 'overloaded' : status === 429 ? 'rate limited' : status >= 500 ? 'server error' : 'request refused';
    const reason = `the model API answered ${status} (${kind})`;
    const retryable = told === 'true' ? true : told === 'false' ? false : status === 408 || status === 409 || status === 429 || status >= 500;
    return { reason, retryable, outage: status === 408 || status >= 500, ...(headers ? { headers } : {}) };
  }
  return { reason: `the model call failed: ${(error as Error).message}`, retryable: false, outage: false };
}

function formatSeconds(ms: number): string {
  return `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;
}
