import type { Redis } from 'ioredis';

/**
 * SET NX PX, and on success the next fencing token, in one script. The token is `INCR <key>:fence`,
 * raised above `floor` (the highest token already stored in the read models) if Redis lost the
 * counter (FLUSHALL, a Redis without persistence), so tokens only ever grow for a given file.
 */
const ACQUIRE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
local f = redis.call('INCR', KEYS[2])
local floor = tonumber(ARGV[3])
if f <= floor then f = floor + 1; redis.call('SET', KEYS[2], f) end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return tostring(f)`;

/**
 * The counter lapses after a week without an acquisition (so test runs and retired installations
 * leave nothing behind); the floor keeps the next token above the last one a read model saw.
 */
const FENCE_KEY_TTL_MS = 7 * 24 * 3600 * 1000;
/** Takes the lease over from `ARGV[5]` (a holder known to be dead), only if it still holds it. */
const TAKE_OVER = `
if redis.call('GET', KEYS[1]) ~= ARGV[5] then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local f = redis.call('INCR', KEYS[2])
local floor = tonumber(ARGV[3])
if f <= floor then f = floor + 1; redis.call('SET', KEYS[2], f) end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return tostring(f)`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * A lease in Redis: `key` holds the owner's token with a TTL. Acquire with SET NX PX (plus the
 * fencing token), renew with compare-and-PEXPIRE, release with compare-and-DEL: only the owner can
 * extend or delete it, and it lapses by itself `ttlMs` after the owner stopped renewing.
 */
export class RedisLease {
  readonly fenceKey: string;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly ttlMs: number,
  ) {
    this.fenceKey = `${key}:fence`;
  }

  /** The fencing token if `owner` got the lease, null if someone else holds it. */
  async tryAcquire(owner: string, floor = 0n): Promise<bigint | null> {
    const fence = (await this.redis.eval(
      ACQUIRE,
      2,
      this.key,
      this.fenceKey,
      owner,
      this.ttlMs,
      floor.toString(),
      FENCE_KEY_TTL_MS,
    )) as string | null;
    return fence === null ? null : BigInt(fence);
  }

  /** Like tryAcquire, but from `deadOwner` (compare-and-set): see ProjectorLease's local takeover. */
  async takeOver(owner: string, deadOwner: string, floor = 0n): Promise<bigint | null> {
    const fence = (await this.redis.eval(
      TAKE_OVER,
      2,
      this.key,
      this.fenceKey,
      owner,
      this.ttlMs,
      floor.toString(),
      FENCE_KEY_TTL_MS,
      deadOwner,
    )) as string | null;
    return fence === null ? null : BigInt(fence);
  }

  /** True if `owner` still held the lease and its TTL was reset; false if it lapsed or changed hands. */
  async renew(owner: string): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key, owner, this.ttlMs)) === 1;
  }

  async release(owner: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE, 1, this.key, owner)) === 1;
  }

  async holder(): Promise<string | null> {
    return this.redis.get(this.key);
  }
}
