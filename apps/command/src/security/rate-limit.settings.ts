import type { Config } from '#config';

export interface RateLimitSettings {
  /** `GET /v1/public/certificates/*` per client IP and window (G9). 0 switches the limit off. */
  publicVerifyPerWindow: number;
  /** Writes (POST/PUT/PATCH/DELETE) per token subject and window. 0 switches the limit off. */
  writesPerWindow: number;
  windowMs: number;
  /** Every instance that should share counters uses the same prefix (and the same Redis). */
  keyPrefix: string;
}

/**
 * From the configuration's limits (`ONEMIND_PUBLIC_VERIFY_RATE_PER_MIN`, default 100;
 * `ONEMIND_WRITE_RATE_PER_MIN`, default 600; `ONEMIND_RATE_LIMIT_PREFIX`, default `onemind:rl:`).
 * Under NODE_ENV=test the defaults are 0 (off) so that high-volume tests of other guarantees are not
 * throttled by each other through the shared Redis; the security tests set the limits explicitly.
 */
export function rateLimitSettings(config: Pick<Config, 'limits'>): RateLimitSettings {
  const { publicVerifyPerMin, writesPerMin, keyPrefix } = config.limits;
  return {
    publicVerifyPerWindow: publicVerifyPerMin,
    writesPerWindow: writesPerMin,
    windowMs: 60_000,
    keyPrefix,
  };
}
