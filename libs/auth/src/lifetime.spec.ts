import { SignJWT } from 'jose';
import { CLOCK_SKEW_SECONDS, InvalidTokenError, createTokenVerifier } from './tokens.js';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, parseDurationSeconds } from './lifetime.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: { iat?: number; exp: number }) => {
  let jwt = new SignJWT({ role: 'staff' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('s')
    .setExpirationTime(claims.exp);
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  return jwt.sign(new TextEncoder().encode(SECRET));
};

describe('token lifetime (issue 13 item 8)', () => {
  const verify = createTokenVerifier({ secret: SECRET, cache: false, maxLifetimeSeconds: 3600 });

  it('accepts a token living up to the maximum, issued up to the clock skew ahead', async () => {
    await expect(verify(await sign({ iat: now(), exp: now() + 3600 }))).resolves.toMatchObject({ sub: 's' });
    await expect(
      verify(await sign({ iat: now() + CLOCK_SKEW_SECONDS - 5, exp: now() + 600 })),
    ).resolves.toMatchObject({ sub: 's' });
  });

  it.each([
    ['exp − iat above the maximum', () => ({ iat: now(), exp: now() + 3601 + 5 })],
    ['exp in year 9999', () => ({ iat: now(), exp: 253_402_300_799 })],
    ['no iat and exp − now above the maximum', () => ({ exp: now() + 7200 })],
    ['iat beyond the clock skew', () => ({ iat: now() + CLOCK_SKEW_SECONDS + 60, exp: now() + 600 })],
  ])('refuses %s', async (_label, claims) => {
    await expect(verify(await sign(claims()))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('defaults to 24 h', async () => {
    const defaults = createTokenVerifier({ secret: SECRET, cache: false });
    expect(DEFAULT_TOKEN_MAX_LIFETIME_SECONDS).toBe(86_400);
    await expect(defaults(await sign({ iat: now(), exp: now() + 86_400 }))).resolves.toBeDefined();
    await expect(defaults(await sign({ iat: now(), exp: now() + 86_400 + 60 }))).rejects.toThrow(
      /maximum of 86400 s/,
    );
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['15m', 900],
    ['24h', 86_400],
    ['7d', 604_800],
  ])('%s = %d s', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });
  it.each(['0', '0h', '1e3', '0x10', '1.5h', '-1h', 'h', '1w', '', '1 h'])('refuses %j', (text) => {
    expect(parseDurationSeconds(text)).toBeNull();
  });
});
