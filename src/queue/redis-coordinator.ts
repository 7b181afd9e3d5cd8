/**
 * What several processes sharing one Redis must agree on beyond BullMQ's own job state:
 * - the latest head SHA of each pull request (`<prefix>:pr:<owner>/<repo>#<n>:head`, plus the set of
 *   heads already seen, so a redelivered old push never becomes the latest again), announced on the
 *   `<prefix>:supersede` channel so running workers abort at once;
 * - per-installation concurrency: a sorted set of leases (`<prefix>:installation:<id>:leases`, member =
 *   job ID, score = expiry in Redis time). A process that dies stops renewing and its lease lapses.
 *   Leases are re-entrant by job ID, so a stalled job taken over by another process keeps its slot.
 */
import type { Redis } from 'ioredis';

// KEYS: head, seen. ARGV: sha, ttl seconds. Returns 1 when sha became the latest head.
const RECORD_HEAD = `
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  return 0
end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
`;

// KEYS: leases. ARGV: member, cap, ttl ms. Returns 1 when the member holds a lease afterwards.
const ACQUIRE_LEASE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
  return 1
end
return 0
`;

// KEYS: leases. ARGV: member, ttl ms. Extends an existing lease only.
const RENEW_LEASE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local renewed = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return renewed
`;

export interface SupersedeMessage {
  pr: string;
  headSha: string;
}

export class RedisCoordinator {
  /** @param headTtlSeconds how long a pull request's head record outlives its last push (default 7 days). */
  constructor(
    private readonly client: Redis,
    readonly prefix: string,
    private readonly headTtlSeconds = 7 * 24 * 3600,
  ) {}

  get supersedeChannel(): string {
    return `${this.prefix}:supersede`;
  }

  headKey(pr: string): string {
    return `${this.prefix}:pr:${pr}:head`;
  }

  leaseKey(installationId: number): string {
    return `${this.prefix}:installation:${installationId}:leases`;
  }

  /** Records `headSha` for `pr`; when it is new, makes it the latest and announces it. */
  async recordHead(pr: string, headSha: string): Promise<boolean> {
    const became = await this.client.eval(RECORD_HEAD, 2, this.headKey(pr), `${this.prefix}:pr:${pr}:seen`, headSha, this.headTtlSeconds);
    if (became !== 1) return false;
    const message: SupersedeMessage = { pr, headSha };
    await this.client.publish(this.supersedeChannel, JSON.stringify(message));
    return true;
  }

  /** Latest heads of several pull requests (null where none is recorded). */
  async latestHeads(prs: readonly string[]): Promise<Array<string | null>> {
    if (prs.length === 0) return [];
    return this.client.mget(...prs.map((pr) => this.headKey(pr)));
  }

  /** Takes one of the installation's `cap` slots for `jobId`, for `ttlMs` unless renewed. */
  async acquireLease(installationId: number, jobId: string, cap: number, ttlMs: number): Promise<boolean> {
    return (await this.client.eval(ACQUIRE_LEASE, 1, this.leaseKey(installationId), jobId, cap, ttlMs)) === 1;
  }

  async renewLease(installationId: number, jobId: string, ttlMs: number): Promise<void> {
    await this.client.eval(RENEW_LEASE, 1, this.leaseKey(installationId), jobId, ttlMs);
  }

  async releaseLease(installationId: number, jobId: string): Promise<void> {
    await this.client.zrem(this.leaseKey(installationId), jobId);
  }
}

/** Parses a supersede announcement; undefined for anything else on the channel. */
export function parseSupersedeMessage(text: string): SupersedeMessage | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pr, headSha } = value as Record<string, unknown>;
    return typeof pr === 'string' && typeof headSha === 'string' ? { pr, headSha } : undefined;
  } catch {
    return undefined;
  }
}
