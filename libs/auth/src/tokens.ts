import { webcrypto } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AGENCY_ID_PATTERN } from '#events';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, lifetimeProblem } from './lifetime.js';
import { cachingVerifier } from './verified-token-cache.js';
import {
  TOKEN_ROLES,
  InvalidTokenError,
  type Principal,
  type TokenRole,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './principal.js';

export * from './principal.js';

/**
 * Used outside production when ONEMIND_JWT_SECRET is unset, so `npx onemind token` and the running
 * service agree without set-up. Production refuses to start with it (G10).
 */
export const DEVELOPMENT_JWT_SECRET = 'onemind-development-secret-do-not-use-in-production';
/** Tolerated clock difference between the token issuer and this server. */
export const CLOCK_SKEW_SECONDS = 30;

/** HS256 with a shared secret, or RS256/ES256 against an OIDC issuer's JWKS (keys cached by jose). */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const verify = uncachedVerifier(options);
  return options.cache === false
    ? verify
    : cachingVerifier(verify, { clockToleranceSeconds: CLOCK_SKEW_SECONDS });
}

function uncachedVerifier(options: TokenVerifierOptions): TokenVerifier {
  const common = { clockTolerance: CLOCK_SKEW_SECONDS, issuer: options.issuer, audience: options.audience };
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS;
  const principalOf = (payload: JWTPayload) => toPrincipal(payload, maxLifetime);
  if (options.jwksUrl) {
    const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      cacheMaxAge: options.jwksCacheMaxAgeMs ?? 10 * 60_000,
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      timeoutDuration: 5_000,
    });
    return async (token) =>
      principalOf(
        await verifyOrThrow(() => jwtVerify(token, jwks, { ...common, algorithms: ['RS256', 'ES256'] })),
      );
  }
  if (!options.secret) throw new Error('a JWT secret or a JWKS URL is required');
  // A CryptoKey imported once: given raw bytes (or a KeyObject) jose imports the key again on every
  // verification, a fifth of the command app's CPU under load (bench P1 profile); ~110 → ~65 µs.
  const key = webcrypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(options.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return async (token) =>
    principalOf(
      await verifyOrThrow(async () => jwtVerify(token, await key, { ...common, algorithms: ['HS256'] })),
    );
}

async function verifyOrThrow(verify: () => Promise<{ payload: JWTPayload }>): Promise<JWTPayload> {
  try {
    return (await verify()).payload;
  } catch (err) {
    // The claim (exp, nbf, iat, aud…) says the client what to fix; the code alone does not.
    const claim =
      err instanceof joseErrors.JWTClaimValidationFailed || err instanceof joseErrors.JWTExpired
        ? ` (${err.claim}: ${err.reason})`
        : '';
    if (err instanceof joseErrors.JOSEError)
      throw new InvalidTokenError(`invalid token: ${err.code}${claim}`);
    throw err;
  }
}

function toPrincipal(payload: JWTPayload, maxLifetimeSeconds: number): Principal {
  const { sub, role, agencyId, name } = payload as JWTPayload & {
    role?: unknown;
    agencyId?: unknown;
    name?: unknown;
  };
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256)
    throw new InvalidTokenError('invalid token: sub');
  if (!TOKEN_ROLES.includes(role as TokenRole)) throw new InvalidTokenError('invalid token: role');
  if (typeof payload.exp !== 'number') throw new InvalidTokenError('invalid token: no expiry');
  const lifetime = lifetimeProblem(
    { exp: payload.exp, iat: payload.iat },
    Math.floor(Date.now() / 1000),
    maxLifetimeSeconds,
    CLOCK_SKEW_SECONDS,
  );
  if (lifetime) throw new InvalidTokenError(`invalid token: ${lifetime}`);
  if (role === 'agency' && (typeof agencyId !== 'string' || !AGENCY_ID_PATTERN.test(agencyId))) {
    throw new InvalidTokenError('invalid token: an agency token needs a valid agencyId');
  }
  return {
    sub,
    role: role as TokenRole,
    ...(role === 'agency' ? { agencyId: agencyId as string } : {}),
    ...(typeof name === 'string' ? { name: name.slice(0, 200) } : {}),
    ...(typeof payload.iss === 'string' ? { issuer: payload.iss } : {}),
  };
}

export interface DevTokenOptions {
  role: TokenRole;
  sub: string;
  agencyId?: string;
  name?: string;
  ttl?: string;
  secret: string;
  issuer?: string;
  audience?: string;
}

export async function signDevelopmentToken(o: DevTokenOptions): Promise<string> {
  if (!TOKEN_ROLES.includes(o.role)) throw new Error(`role must be one of ${TOKEN_ROLES.join(', ')}`);
  if (o.role === 'agency' && (!o.agencyId || !AGENCY_ID_PATTERN.test(o.agencyId))) {
    throw new Error('an agency token needs --agency <agencyId> (3–64 characters of [A-Za-z0-9._-])');
  }
  let jwt = new SignJWT({
    role: o.role,
    ...(o.agencyId ? { agencyId: o.agencyId } : {}),
    ...(o.name ? { name: o.name } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.sub)
    .setIssuedAt()
    .setExpirationTime(o.ttl ?? '1h');
  if (o.issuer) jwt = jwt.setIssuer(o.issuer);
  if (o.audience) jwt = jwt.setAudience(o.audience);
  return jwt.sign(new TextEncoder().encode(o.secret));
}
