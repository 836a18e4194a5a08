import type { Principal, TokenVerifier } from './principal.js';

export interface VerifiedTokenCacheOptions {
  /** Most tokens remembered; the least recently used is dropped first. */
  maxEntries?: number;
  /** How long one verification is trusted, whatever the token's own expiry (JWKS key removal). */
  maxAgeMs?: number;
  /** Seconds a token stays acceptable after its `exp` (the verifier's clock tolerance). */
  clockToleranceSeconds: number;
  /** Milliseconds since the epoch; injected so tests can move time. */
  now?: () => number;
}

interface Entry {
  principal: Principal;
  validUntilMs: number;
}

/**
 * Remembers tokens that verified, keyed by the whole token (signature included), so a client that
 * sends the same token on every request pays for the signature check once, not each time: the HMAC
 * through WebCrypto was ~8 % of the command app's CPU under load (bench P1 profile). A hit is only
 * served while the token has not expired (the same `exp` + tolerance rule the full check applies);
 * failures are never remembered, so a bad token is checked, and refused, every time.
 */
export function cachingVerifier(verify: TokenVerifier, options: VerifiedTokenCacheOptions): TokenVerifier {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest-used entry first.
  const entries = new Map<string, Entry>();
  return async (token) => {
    const hit = entries.get(token);
    const at = now();
    if (hit && at < hit.validUntilMs) {
      entries.delete(token);
      entries.set(token, hit);
      return { ...hit.principal };
    }
    if (hit) entries.delete(token);
    const principal = await verify(token);
    const exp = expiryOf(token);
    // Without a readable numeric exp (the verifier requires one) nothing is remembered.
    if (exp !== null) {
      const validUntilMs = Math.min((exp + options.clockToleranceSeconds) * 1000, at + maxAgeMs);
      entries.set(token, { principal: { ...principal }, validUntilMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    }
    return principal;
  };
}

/** The `exp` of a token that has just verified (so its payload is well-formed JSON). */
function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp : null;
  } catch {
    return null;
  }
}
