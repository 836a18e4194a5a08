import { SignJWT, UnsecuredJWT } from 'jose';
import { DEVELOPMENT_JWT_SECRET } from '#auth';
import { TestApp } from './support/test-app.js';

const body = {
  name: 'Denton Police Department',
  signatory: { name: 'Frank Dixon', title: 'Chief of Police' },
  contact: { name: 'Sgt. Moore', email: 'onemind@denton.example' },
};
const secret = new TextEncoder().encode(DEVELOPMENT_JWT_SECRET);
const claims = { role: 'agency', agencyId: 'tx-denton-pd' };

describe('authentication on /v1 (e2e)', () => {
  const t = new TestApp();
  beforeAll(() => t.start());
  afterAll(() => t.stop());

  const pledgeWith = (authorization?: string) =>
    t.request('POST', '/v1/agencies/tx-denton-pd/pledge', {
      body,
      headers: authorization ? { authorization } : {},
    });

  it('401 without a token, with WWW-Authenticate', async () => {
    const res = await pledgeWith();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('401 for an expired token', async () => {
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuedAt(1_600_000_000)
      .setExpirationTime(1_600_000_600)
      .sign(secret);
    expect((await pledgeWith(`Bearer ${jwt}`)).status).toBe(401);
  });

  it('401 for alg: none', async () => {
    const jwt = new UnsecuredJWT(claims).setSubject('s').setExpirationTime('10m').encode();
    expect((await pledgeWith(`Bearer ${jwt}`)).status).toBe(401);
  });

  it('401 for a token signed with another secret', async () => {
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('another-secret-another-secret-1234'));
    expect((await pledgeWith(`Bearer ${jwt}`)).status).toBe(401);
  });

  it('401 for a token without an expiry or with an unknown role', async () => {
    const noExp = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('s').sign(secret);
    const badRole = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setExpirationTime('10m')
      .sign(secret);
    expect((await pledgeWith(`Bearer ${noExp}`)).status).toBe(401);
    expect((await pledgeWith(`Bearer ${badRole}`)).status).toBe(401);
  });

  it('403 for an agency token pledging for another agency, 403 for an auditor', async () => {
    const other = await t.token('agency', 'x', 'tx-keller-pd');
    const auditor = await t.token('auditor', 'audit@iacp');
    expect((await t.request('POST', '/v1/agencies/tx-denton-pd/pledge', { token: other, body })).status).toBe(
      403,
    );
    expect(
      (await t.request('POST', '/v1/agencies/tx-denton-pd/pledge', { token: auditor, body })).status,
    ).toBe(403);
  });

  it('accepts the agency token for its own agency', async () => {
    const own = await t.token('agency', 'x', 'tx-denton-pd');
    expect((await t.request('POST', '/v1/agencies/tx-denton-pd/pledge', { token: own, body })).status).toBe(
      201,
    );
  });

  it('serves health and the OpenAPI document without a token', async () => {
    expect((await t.request('GET', '/health/live')).status).toBe(200);
    const docs = await t.request('GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.json.paths)).toContain('/v1/agencies/{agencyId}/pledge');
  });
});
