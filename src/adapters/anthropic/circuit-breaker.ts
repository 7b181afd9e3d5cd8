export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through. */
  cooldownMs?: number;
  now?: () => number;
}

/** What /metrics exposes about the model API's circuit. */
export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** Times the circuit opened since the process started. */
  opened: number;
  /** Requests refused without calling the API because the circuit was open. */
  rejected: number;
}

/**
 * A circuit breaker around the model API, shared by every review of the process: after
 * `failureThreshold` consecutive failures (overloaded, 5xx, timeouts, connection errors) it opens and
 * refuses calls at once, so reviews finish from the deterministic analysis instead of each waiting
 * out its own retries; after `cooldownMs` it lets one probe through (half-open) and closes on success.
 */
export class CircuitBreaker {
  private currentState: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private openedCount = 0;
  private rejectedCount = 0;
  private readonly failureThreshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The state now (an open circuit past its cool-down reads as half-open). */
  state(): CircuitState {
    if (this.currentState === 'open' && this.now() - this.openedAt >= this.cooldownMs) return 'half-open';
    return this.currentState;
  }

  /** Whether a request may go out now; in half-open, only one probe at a time. Counts refusals. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'half-open' && !this.probeInFlight) {
      this.currentState = 'half-open';
      this.probeInFlight = true;
      return true;
    }
    this.rejectedCount++;
    return false;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.probeInFlight = false;
    this.currentState = 'closed';
  }

  recordFailure(): void {
    this.failures++;
    const probeFailed = this.currentState === 'half-open';
    this.probeInFlight = false;
    if (probeFailed || (this.currentState === 'closed' && this.failures >= this.failureThreshold)) {
      this.currentState = 'open';
      this.openedAt = this.now();
      this.openedCount++;
    }
  }

  /** A request that ended without telling us anything about the API's health (a 400, a 429). */
  recordNeutral(): void {
    this.probeInFlight = false;
    if (this.currentState === 'half-open') this.currentState = 'closed';
  }

  snapshot(): CircuitSnapshot {
    return { state: this.state(), consecutiveFailures: this.failures, opened: this.openedCount, rejected: this.rejectedCount };
  }
}

/** The process's breaker for the Anthropic API: every reviewer uses it unless a test passes its own. */
export const sharedCircuitBreaker = new CircuitBreaker();
