/**
 * A per-installation daily allowance of model tokens, so that whoever can open pull requests on an
 * installation cannot spend its owner's money without bound. Implementations may be shared by every
 * review of a process (in memory) or of a fleet (Redis).
 */
export interface TokenBudget {
  /**
   * Tokens the installation may still spend today, or null when it has no limit. `dailyLimit` is the
   * configured allowance (config `agent.daily_token_budget`) when the caller knows it.
   */
  remaining(installation: string, dailyLimit?: number | null): Promise<number | null>;
  /** Records tokens spent (input, cache reads and writes, output). */
  spend(installation: string, tokens: number): Promise<void>;
}

/** Days are UTC days: a budget resets at 00:00 UTC. */
function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A TokenBudget held in this process's memory (one worker; a fleet needs a shared store). */
export class InMemoryTokenBudget implements TokenBudget {
  private readonly spent = new Map<string, { day: string; tokens: number }>();
  constructor(private readonly options: { dailyLimit?: number | null; now?: () => Date } = {}) {}

  async remaining(installation: string, dailyLimit: number | null | undefined = this.options.dailyLimit): Promise<number | null> {
    if (dailyLimit === null || dailyLimit === undefined) return null;
    return Math.max(0, dailyLimit - this.spentToday(installation));
  }

  async spend(installation: string, tokens: number): Promise<void> {
    const day = dayOf(this.now());
    const entry = this.spent.get(installation);
    this.spent.set(installation, { day, tokens: (entry?.day === day ? entry.tokens : 0) + Math.max(0, tokens) });
  }

  /** Tokens spent today by an installation (for metrics and tests). */
  spentToday(installation: string): number {
    const entry = this.spent.get(installation);
    return entry && entry.day === dayOf(this.now()) ? entry.tokens : 0;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
