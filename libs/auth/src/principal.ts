import type { Actor } from '#events';

/** Who a verified token says its holder is, and the verifier's shape (kept apart so the cache and the verifiers share them without a circle). */
export const TOKEN_ROLES = ['agency', 'staff', 'auditor'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export interface Principal extends Actor {
  role: TokenRole;
  name?: string;
  /** The token's `iss`: part of who the holder is (principal-scope.ts). */
  issuer?: string;
}

export class InvalidTokenError extends Error {}

export interface TokenVerifierOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /**
   * JWKS refetch limits (security edit, for tests of key rotation): a token with an unknown `kid`
   * triggers a refetch at most once per cooldown. Defaults: cache 10 min, cooldown 30 s.
   */
  jwksCacheMaxAgeMs?: number;
  jwksCooldownMs?: number;
  /** Remember verified tokens (verified-token-cache.ts, its default bounds); on unless false. */
  cache?: boolean;
  /** Longest accepted exp − iat (exp − now without iat); default 24 h (ONEMIND_TOKEN_MAX_LIFETIME). */
  maxLifetimeSeconds?: number;
}

export type TokenVerifier = (token: string) => Promise<Principal>;
