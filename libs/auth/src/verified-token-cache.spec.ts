import {
  CLOCK_SKEW_SECONDS,
  DEVELOPMENT_JWT_SECRET,
  InvalidTokenError,
  createTokenVerifier,
  signDevelopmentToken,
  type TokenVerifier,
} from './tokens.js';
import { cachingVerifier } from './verified-token-cache.js';

/** The real HS256 verifier, counting how often it is asked. */
function counted(): { verify: TokenVerifier; calls: () => number } {
  const real = createTokenVerifier({ secret: DEVELOPMENT_JWT_SECRET, cache: false });
  let calls = 0;
  return {
    verify: (t) => {
      calls += 1;
      return real(t);
    },
    calls: () => calls,
  };
}

const staffToken = (sub = 'staff-1', ttl = '1h') =>
  signDevelopmentToken({ role: 'staff', sub, ttl, secret: DEVELOPMENT_JWT_SECRET });
const expOf = (token: string): number =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp;

describe('cachingVerifier', () => {
  it('checks a token once and answers the same principal from then on', async () => {
    const inner = counted();
    const verify = cachingVerifier(inner.verify, { clockToleranceSeconds: CLOCK_SKEW_SECONDS });
    const token = await staffToken();
    const first = await verify(token);
    const second = await verify(token);
    expect(first).toEqual({ sub: 'staff-1', role: 'staff' });
    expect(second).toEqual(first);
    expect(inner.calls()).toBe(1);
  });

  it('never answers for a token past its exp + tolerance: the full check runs again', async () => {
    const inner = counted();
    const token = await staffToken('staff-2', '2h');
    let clock = Date.now();
    const verify = cachingVerifier(inner.verify, {
      clockToleranceSeconds: CLOCK_SKEW_SECONDS,
      maxAgeMs: 10 * 3600_000,
      now: () => clock,
    });
    await verify(token);
    clock = (expOf(token) + CLOCK_SKEW_SECONDS) * 1000 - 1;
    await verify(token);
    expect(inner.calls()).toBe(1);
    clock = (expOf(token) + CLOCK_SKEW_SECONDS) * 1000;
    await verify(token); // the real verifier's clock has not moved, so it still passes, but it was asked
    expect(inner.calls()).toBe(2);
  });

  it('trusts one verification for at most maxAgeMs', async () => {
    const inner = counted();
    let clock = 1_000_000;
    const verify = cachingVerifier(inner.verify, {
      clockToleranceSeconds: CLOCK_SKEW_SECONDS,
      maxAgeMs: 60_000,
      now: () => clock,
    });
    const token = await staffToken('staff-3');
    await verify(token);
    clock += 59_999;
    await verify(token);
    expect(inner.calls()).toBe(1);
    clock += 1;
    await verify(token);
    expect(inner.calls()).toBe(2);
  });

  it('remembers no failure: a forged token is checked and refused every time', async () => {
    const inner = counted();
    const verify = cachingVerifier(inner.verify, { clockToleranceSeconds: CLOCK_SKEW_SECONDS });
    const good = await staffToken('staff-4');
    const forged = `${good.split('.').slice(0, 2).join('.')}.${Buffer.from('not the signature').toString('base64url')}`;
    await expect(verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(inner.calls()).toBe(2);
  });

  it('keeps at most maxEntries tokens, dropping the least recently used', async () => {
    const inner = counted();
    const verify = cachingVerifier(inner.verify, {
      clockToleranceSeconds: CLOCK_SKEW_SECONDS,
      maxEntries: 2,
    });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((s) => staffToken(`staff-${s}`)));
    await verify(a);
    await verify(b);
    await verify(a); // a is now the most recently used
    await verify(c); // evicts b
    expect(inner.calls()).toBe(3);
    await verify(a);
    expect(inner.calls()).toBe(3);
    await verify(b);
    expect(inner.calls()).toBe(4);
  });

  it('hands out copies: a caller changing its principal does not change the next answer', async () => {
    const verify = cachingVerifier(counted().verify, { clockToleranceSeconds: CLOCK_SKEW_SECONDS });
    const token = await staffToken('staff-5');
    const first = await verify(token);
    (first as { role: string }).role = 'agency';
    expect((await verify(token)).role).toBe('staff');
  });

  it('is what createTokenVerifier returns unless cache: false', async () => {
    const token = await staffToken('staff-6');
    const cached = createTokenVerifier({ secret: DEVELOPMENT_JWT_SECRET });
    expect(await cached(token)).toEqual({ sub: 'staff-6', role: 'staff' });
    await expect(
      createTokenVerifier({ secret: 'another-secret-of-enough-length-0123456789' })(token),
    ).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
