import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Config } from '#config';
import { CONFIG } from '../infra/tokens.js';
import { rateLimitSettings, type RateLimitSettings } from './rate-limit.settings.js';

export interface LimitDecision {
  allowed: boolean;
  /** Requests counted in the current window, this one included when allowed. */
  count: number;
  /** When refused: whole seconds until the oldest counted request leaves the window. */
  retryAfterSeconds: number;
}

/**
 * Sliding-window log in one Lua script, so that every instance on the same Redis shares one
 * counter and a check-and-add is atomic. Redis' own clock is used: instances whose clocks disagree
 * still count in the same window. Refused requests are not added, so a client that keeps hammering
 * still gets exactly `limit` requests per window, never fewer and never more.
 */
const SLIDING_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, n, tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return {1, n + 1, 0}
`;

/**
 * Shared request budgets (G9: public certificate checks per client IP; writes per token subject).
 * When Redis does not answer, each instance falls back to an in-process window of the same size:
 * the limit then holds per instance instead of across them, but it never switches off.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  readonly settings: RateLimitSettings;
  private readonly logger = new Logger('RateLimiter');
  private readonly redis: Redis;
  private readonly local = new Map<string, number[]>();
  private degraded = false;
  /** While Redis is down, ask it again only every few seconds: no request waits on a dead socket. */
  private retryRedisAt = 0;

  constructor(@Inject(CONFIG) config: Config) {
    this.settings = rateLimitSettings(config);
    this.redis = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      lazyConnect: true,
    });
    this.redis.defineCommand('onemindSlidingWindow', { numberOfKeys: 1, lua: SLIDING_WINDOW });
    this.redis.on('error', () => undefined); // reported once per outage by take(), not per reconnect attempt
  }

  /** Counts one request against `bucket` if it still fits in `limit` per window. */
  async take(bucket: string, limit: number): Promise<LimitDecision> {
    const key = `${this.settings.keyPrefix}${bucket}`;
    if (this.degraded && Date.now() < this.retryRedisAt) return this.takeLocally(key, limit);
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      const run = (
        this.redis as unknown as Record<string, (...a: unknown[]) => Promise<[number, number, number]>>
      ).onemindSlidingWindow;
      const [ok, count, waitMs] = await run.call(
        this.redis,
        key,
        this.settings.windowMs,
        limit,
        `${Date.now()}-${randomBytes(6).toString('hex')}`,
      );
      if (this.degraded) this.logger.log({ msg: 'rate limits shared through Redis again' });
      this.degraded = false;
      return decision(ok === 1, count, waitMs);
    } catch (err) {
      if (!this.degraded)
        this.logger.warn({
          msg: 'Redis unavailable: rate limits fall back to this instance',
          error: err instanceof Error ? err.message : String(err),
        });
      this.degraded = true;
      this.retryRedisAt = Date.now() + 5_000;
      return this.takeLocally(key, limit);
    }
  }

  private takeLocally(key: string, limit: number): LimitDecision {
    const now = Date.now();
    const log = (this.local.get(key) ?? []).filter((t) => t > now - this.settings.windowMs);
    this.local.set(key, log);
    if (log.length >= limit) return decision(false, log.length, log[0] + this.settings.windowMs - now);
    log.push(now);
    if (this.local.size > 100_000) this.local.clear(); // bounded memory under a spray of client IPs
    return decision(true, log.length, 0);
  }

  async onApplicationShutdown() {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}

const decision = (allowed: boolean, count: number, waitMs: number): LimitDecision => ({
  allowed,
  count,
  retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(waitMs / 1000)),
});
