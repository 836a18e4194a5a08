import { ConfigError } from '#config';
import type { Redis } from 'ioredis';

/** A ConfigError, so both apps' main() refuse to start with one clear line (exit 78). */
export class UnsafeRedisSettingsError extends ConfigError {}

/**
 * G10: with any eviction policy but `noeviction`, Redis may silently drop delayed jobs under memory
 * pressure. The log would still hold the schedule (reconcile), but deadlines would fire late, so
 * production refuses to start; development warns. A managed Redis that forbids CONFIG is warned
 * about (it could not be checked), not refused.
 */
export async function checkRedisEvictionPolicy(
  redis: Redis,
  production: boolean,
  warn: (msg: string) => void,
  timeoutMs = 3_000,
): Promise<void> {
  let policy: string | undefined;
  try {
    const answer = (await Promise.race([
      redis.call('CONFIG', 'GET', 'maxmemory-policy'),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ])) as string[];
    policy = answer?.[1];
  } catch (err) {
    warn(`Redis maxmemory-policy could not be checked (${(err as Error).message}); it must be noeviction`);
    return;
  }
  if (policy === 'noeviction') return;
  const msg = `Redis maxmemory-policy is "${policy}", not noeviction: delayed jobs could be evicted`;
  if (production) throw new UnsafeRedisSettingsError(msg);
  warn(msg);
}
