import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SignJWT,
  UnsecuredJWT,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';
import {
  CLOCK_SKEW_SECONDS,
  DEVELOPMENT_JWT_SECRET,
  InvalidTokenError,
  createTokenVerifier,
  type TokenVerifier,
} from '#auth';
import { TestApp } from '../support/test-app.js';

/**
 * Token verification for real: a tiny JWKS endpoint on loopback (an OIDC issuer's keys), RS256 and
 * ES256 keys made with jose, rotation, unknown keys, algorithm confusion and clock skew.
 */
const ISSUER = 'https://idp.onemind.test/';
const AUDIENCE = 'onemind-api';
const claims = { role: 'staff' };

interface KeyPair {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicJwk: JWK;
  spki: string;
}

async function keyPair(alg: 'RS256' | 'ES256', kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    kid,
    alg,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
    spki: await exportSPKI(publicKey),
  };
}

function sign(k: KeyPair, opts: { iss?: string; aud?: string; exp?: number | string; kid?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: k.alg, kid: opts.kid ?? k.kid, typ: 'JWT' })
    .setSubject('alice@iacp')
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(k.privateKey);
}

const rejects = async (verify: TokenVerifier, token: string) =>
  expect(verify(token)).rejects.toBeInstanceOf(InvalidTokenError);

describe('JWKS verification (int: a real JWKS endpoint on loopback)', () => {
  let server: Server;
  let jwksUrl: string;
  let published: JWK[] = [];
  let fetches = 0;
  let rsa: KeyPair, ec: KeyPair, rotated: KeyPair, stranger: KeyPair;

  beforeAll(async () => {
    [rsa, ec, rotated, stranger] = await Promise.all([
      keyPair('RS256', 'rsa-1'),
      keyPair('ES256', 'ec-1'),
      keyPair('RS256', 'rsa-2'),
      keyPair('RS256', 'rsa-x'),
    ]);
    published = [rsa.publicJwk, ec.publicJwk];
    server = createServer((req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const verifier = (o: { issuer?: string; audience?: string } = {}) =>
    createTokenVerifier({
      jwksUrl,
      issuer: o.issuer ?? ISSUER,
      audience: o.audience ?? AUDIENCE,
      jwksCooldownMs: 50,
    });

  it('accepts RS256 and ES256 tokens signed by a published key', async () => {
    const verify = verifier();
    await expect(verify(await sign(rsa))).resolves.toEqual({
      sub: 'alice@iacp',
      role: 'staff',
      issuer: ISSUER,
    });
    await expect(verify(await sign(ec))).resolves.toEqual({
      sub: 'alice@iacp',
      role: 'staff',
      issuer: ISSUER,
    });
  });

  it('checks the issuer and the audience', async () => {
    const verify = verifier();
    await rejects(verify, await sign(rsa, { iss: 'https://evil.example/' }));
    await rejects(verify, await sign(rsa, { aud: 'another-app' }));
  });

  it('refuses a token from an unknown key (after refetching the JWKS once)', async () => {
    const verify = verifier();
    await rejects(verify, await sign(stranger));
    await rejects(verify, await sign(stranger, { kid: 'rsa-1' })); // a known kid does not make a foreign signature valid
  });

  it('picks up a rotated key: an unknown kid refetches the JWKS', async () => {
    const verify = verifier();
    await verify(await sign(rsa)); // the set is now cached
    published = [rotated.publicJwk, ec.publicJwk];
    await new Promise((r) => setTimeout(r, 80)); // past the (test-sized) cooldown
    const before = fetches;
    await expect(verify(await sign(rotated))).resolves.toMatchObject({ sub: 'alice@iacp' });
    expect(fetches).toBe(before + 1);
    published = [rsa.publicJwk, ec.publicJwk];
  });

  it('refuses alg: none and HS256 signed with the public key (algorithm confusion)', async () => {
    const verify = verifier();
    await rejects(
      verify,
      new UnsecuredJWT(claims)
        .setSubject('alice@iacp')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .encode(),
    );
    const confused = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setSubject('alice@iacp')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(rsa.spki));
    await rejects(verify, confused);
    // …and the HS256 verifier refuses RS256 tokens outright.
    await rejects(createTokenVerifier({ secret: DEVELOPMENT_JWT_SECRET }), await sign(rsa));
  });

  it(`tolerates ${CLOCK_SKEW_SECONDS} s of clock skew: expired 10 s ago passes, 60 s ago does not`, async () => {
    const now = Math.floor(Date.now() / 1000);
    const verify = verifier();
    await expect(verify(await sign(rsa, { exp: now - 10 }))).resolves.toMatchObject({ sub: 'alice@iacp' });
    await rejects(verify, await sign(rsa, { exp: now - 60 }));
    const hs = createTokenVerifier({ secret: DEVELOPMENT_JWT_SECRET });
    const hsToken = (exp: number) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('s')
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
    await expect(hs(await hsToken(now - 10))).resolves.toMatchObject({ sub: 's' });
    await rejects(hs, await hsToken(now - 60));
  });

  describe('through the running app (ONEMIND_JWKS_URL, ONEMIND_JWT_ISSUER, ONEMIND_JWT_AUDIENCE)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = new TestApp({
        ONEMIND_JWKS_URL: jwksUrl,
        ONEMIND_JWT_ISSUER: ISSUER,
        ONEMIND_JWT_AUDIENCE: AUDIENCE,
      });
      await t.start();
    });
    afterAll(() => t.stop());

    const revoke = (token: string) =>
      t.request('POST', '/v1/agencies/tx-jwks-pd/certification/revoke', { token, body: { reason: 'x' } });

    it('accepts the issuer’s staff token, 401 for the wrong audience, an unknown key or a dev token', async () => {
      expect([401, 403]).not.toContain((await revoke(await sign(ec))).status);
      expect((await revoke(await sign(ec, { aud: 'another-app' }))).status).toBe(401);
      expect((await revoke(await sign(stranger))).status).toBe(401);
      expect((await revoke(await t.token('staff', 'alice@iacp'))).status).toBe(401);
    });
  });
});
