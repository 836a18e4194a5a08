import { randomBytes } from 'node:crypto';
import { loadConfig } from '#config';
import { RateLimiter } from '../../src/security/rate-limiter.js';

/** The limiter itself against the real Redis (atomic under concurrency) and without one (fallback). */
const prefix = `onemind:rl:test:${randomBytes(6).toString('hex')}:`;
const limiterFor = (redisUrl: string) => {
  process.env.ONEMIND_RATE_LIMIT_PREFIX = prefix;
  return new RateLimiter(
    loadConfig({ ...process.env, NODE_ENV: 'test', REDIS_URL: redisUrl, ONEMIND_DATA_DIR: '/tmp' }),
  );
};

describe('RateLimiter (int)', () => {
  it('admits exactly the limit out of 250 concurrent requests, across two limiters on one Redis', async () => {
    const [a, b] = [
      limiterFor(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
      limiterFor(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    ];
    try {
      const results = await Promise.all(
        Array.from({ length: 250 }, (_, i) => (i % 2 ? a : b).take('burst', 100)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(100);
      const refused = results.filter((r) => !r.allowed);
      expect(refused.every((r) => r.retryAfterSeconds >= 1 && r.retryAfterSeconds <= 60)).toBe(true);
    } finally {
      await a.onApplicationShutdown();
      await b.onApplicationShutdown();
    }
  });

  it('falls back to a per-instance window when Redis does not answer, instead of switching off', async () => {
    const down = limiterFor('redis://127.0.0.1:1');
    try {
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await down.take('writes', 5));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
      expect(results[5].retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await down.onApplicationShutdown();
    }
  });
});
