/** The longest a token may live when ONEMIND_TOKEN_MAX_LIFETIME is unset: a working day and then some. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 24 * 60 * 60;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * `90`, `90s`, `15m`, `24h`, `7d` → seconds; null for anything else (no `1e3`, no `0x10`, no
 * fractions, no zero). One syntax for ONEMIND_TOKEN_MAX_LIFETIME and `onemind token --ttl`.
 */
export function parseDurationSeconds(text: string): number | null {
  const m = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!m) return null;
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] || 's'];
  return seconds > 0 ? seconds : null;
}

/**
 * A signature proves who issued a token, not that it is still meant to be used: a token that lives
 * until 9999, or claims to be issued later than now, would stay valid after its holder lost the
 * right to it. Refuses `iat` more than the clock skew in the future, and `exp` further than the
 * maximum lifetime from `iat` (from now when the token has no `iat`). Returns the reason, or null.
 */
export function lifetimeProblem(
  claims: { exp: number; iat?: unknown },
  nowSeconds: number,
  maxLifetimeSeconds: number,
  skewSeconds: number,
): string | null {
  const { exp, iat } = claims;
  if (iat !== undefined && typeof iat !== 'number') return 'iat is not a number';
  if (typeof iat === 'number' && iat > nowSeconds + skewSeconds) return 'it is issued in the future (iat)';
  const from = typeof iat === 'number' ? iat : nowSeconds;
  if (exp - from > maxLifetimeSeconds) {
    return `it lives longer than the maximum of ${maxLifetimeSeconds} s (exp − ${typeof iat === 'number' ? 'iat' : 'now'} = ${Math.round(exp - from)} s)`;
  }
  return null;
}
