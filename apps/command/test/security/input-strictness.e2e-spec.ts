import { SignJWT } from 'jose';
import { DEVELOPMENT_JWT_SECRET } from '#auth';
import { TestApp } from '../support/test-app.js';

/**
 * Issue 13 item 8: user text read leniently. Each case was accepted (or answered as if it meant
 * something else) before: Number() coercions, a duplicated CSV header, impossible calendar dates,
 * lower-case country codes, invalid UTF-8 replaced by U+FFFD, and tokens living until 9999.
 */
const AGENCY = 'tx-strict-pd';
const HEADER = 'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours';
const pledge = {
  name: 'Strict PD',
  region: 'TX',
  signatory: { name: 'A', title: 'Chief' },
  contact: { name: 'B', email: 'b@example.org' },
};

describe('strict reading of user input (issue 13 item 8, e2e)', () => {
  const t = new TestApp();
  let staff: string;
  beforeAll(async () => {
    await t.start();
    staff = await t.token('staff', 'alice');
    expect(
      (await t.request('POST', `/v1/agencies/${AGENCY}/pledge`, { token: staff, body: pledge })).status,
    ).toBe(201);
    const joined = await t.request('POST', `/v1/agencies/${AGENCY}/imports`, {
      token: staff,
      body: `${HEADER}\no-1,true,2020-01-01,,,,`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(joined.status).toBe(200);
  });
  afterAll(() => t.stop());

  const importCsv = (body: string | Uint8Array) =>
    fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'text/csv' },
      body,
    });
  const problemOf = async (res: Response) => ({
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.json()) as { detail: string; errors?: { message: string }[] },
  });

  it.each(['0x10', '0b11', '1e2', '0o7', '+5', '.5', '5.', '1.234', '1000.01', 'Infinity'])(
    'refuses CSV hours "%s" (only plain decimals, as JSON allows)',
    async (hours) => {
      const res = await problemOf(await importCsv(`${HEADER}\no-1,,,,cit,2024-03-01,${hours}`));
      expect(res.status).toBe(422);
      expect(res.body.errors?.[0].message).toMatch(/^hours: /);
    },
  );

  it('still takes plain decimal hours', async () => {
    expect((await importCsv(`${HEADER}\no-1,,,,cit,2024-03-01,7.5`)).status).toBe(200);
  });

  it('refuses a duplicated CSV header with 400 naming the column', async () => {
    const res = await problemOf(await importCsv('officerRef,officerRef,joinedOn\no-2,o-3,2020-01-01'));
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/officerRef more than once/);
  });

  it('refuses CSV dates outside the range the JSON endpoints accept', async () => {
    const res = await problemOf(await importCsv(`${HEADER}\no-4,true,1850-01-01,,,,`));
    expect(res.status).toBe(422);
    expect(res.body.errors?.[0].message).toMatch(/^joinedOn: /);
  });

  it.each([
    '2026-11-31',
    '2025-02-30',
    '2025-02-30T10:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-01-01T10:00:00',
    '2025-01-01T10:00:00+25:00',
  ])('answers 400 problem+json to state?asOf=%s', async (asOf) => {
    const res = await t.request('GET', `/v1/agencies/${AGENCY}/state?asOf=${encodeURIComponent(asOf)}`, {
      token: staff,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it.each(['2099-12-31', '2099-12-31T10:00:00Z', '2099-12-31T10:00:00.123+02:00'])(
    'still answers state?asOf=%s',
    async (asOf) => {
      expect(
        (
          await t.request('GET', `/v1/agencies/${AGENCY}/state?asOf=${encodeURIComponent(asOf)}`, {
            token: staff,
          })
        ).status,
      ).toBe(200);
    },
  );

  it.each(['0x10', '1e2', '+5', '5.0', '0', '1000001', ' 5'])(
    'refuses page=%s with 400 problem+json naming page (whole numbers only)',
    async (page) => {
      const res = await t.request('GET', `/v1/agencies?page=${encodeURIComponent(page)}`, { token: staff });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['page']));
      expect(res.json.errors.every((e: { path: string }) => e.path === 'page')).toBe(true);
    },
  );

  it('reads empty query fields as absent and whole numbers as numbers', async () => {
    const res = await t.request('GET', '/v1/agencies?status=&region=&q=&page=&pageSize=2', { token: staff });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ page: 1, pageSize: 2 });
  });

  it.each([
    ['/v1/agencies?q=Evil%00PD', 'q'],
    ['/v1/agencies?region=T%1BX', 'region'],
    ['/v1/public/agencies?region=T%7FX', 'region'],
    ['/v1/agencies?order=name', 'order'], // `sort` is a field since issue 17; its values are checked
    ['/v1/agencies?sort=popularity', 'sort'],
    ['/v1/public/agencies?format=csv&fields=name', 'fields'],
    ['/v1/agencies?region=TX&region=CA', 'region'],
  ])(
    'refuses %s with 400 naming %s (control characters, unknown or repeated fields)',
    async (path, field) => {
      const res = await t.request('GET', path, { token: staff });
      expect(res.status).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    },
  );

  it('stores a lower-case country code in upper case, and never maps a non-ASCII letter onto one', async () => {
    expect(
      (
        await t.request('POST', '/v1/agencies/ca-lower-pd/pledge', {
          token: staff,
          body: { ...pledge, country: 'ca' },
        })
      ).status,
    ).toBe(201);
    const state = await t.request('GET', '/v1/agencies/ca-lower-pd/state', { token: staff });
    expect(state.json.country).toBe('CA');
    // 'ı'.toUpperCase() is 'I': "ıe" must not become Ireland.
    expect(
      (
        await t.request('POST', '/v1/agencies/ie-dotless-pd/pledge', {
          token: staff,
          body: { ...pledge, country: 'ıe' },
        })
      ).status,
    ).toBe(400);
  });

  it('refuses invalid UTF-8 in a JSON body with 400 problem+json, not U+FFFD', async () => {
    const json = Buffer.from(JSON.stringify({ ...pledge, name: 'Bad NAME PD' }));
    json[json.indexOf('NAME')] = 0xff;
    const res = await fetch(`${t.baseUrl}/v1/agencies/tx-utf8-pd/pledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: json,
    });
    const p = await problemOf(res);
    expect(p.status).toBe(400);
    expect(p.type).toMatch(/^application\/problem\+json/);
    expect(p.body.detail).toMatch(/UTF-8/);
  });

  it.each([
    [
      'an invalid byte',
      Buffer.concat([
        Buffer.from(`${HEADER}\no-`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(',true,2020-01-01,,,,\n'),
      ]),
    ],
    [
      'a sequence cut off at the end',
      Buffer.concat([Buffer.from(`${HEADER}\no-9,true,2020-01-01,,,,x`), Buffer.from([0xe2, 0x82])]),
    ],
  ])('refuses a CSV body with %s with 400 problem+json', async (_label, body) => {
    const p = await problemOf(await importCsv(new Uint8Array(body)));
    expect(p.status).toBe(400);
    expect(p.body.detail).toMatch(/UTF-8/);
  });

  const signed = (claims: { iat?: number; exp: number; nbf?: number }) => {
    let jwt = new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime(claims.exp);
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.nbf !== undefined) jwt = jwt.setNotBefore(claims.nbf);
    return jwt.sign(new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
  };
  const now = () => Math.floor(Date.now() / 1000);
  const YEAR_9999 = 253_402_300_799;

  it.each([
    ['exp in year 9999', () => ({ iat: now(), exp: YEAR_9999 }), /maximum/],
    ['exp in year 9999 and no iat', () => ({ exp: YEAR_9999 }), /maximum/],
    ['iat a day in the future', () => ({ iat: now() + 86_400, exp: now() + 90_000 }), /future/],
    ['nbf an hour in the future', () => ({ iat: now(), nbf: now() + 3600, exp: now() + 7200 }), /nbf/],
  ])('refuses a token with %s (401, saying why)', async (_label, claims, reason) => {
    const res = await t.request('GET', '/v1/agencies', { token: await signed(claims()) });
    expect(res.status).toBe(401);
    expect(res.json.detail).toMatch(reason);
  });

  it('accepts a token within the maximum lifetime and the clock skew', async () => {
    expect(
      (
        await t.request('GET', '/v1/agencies', {
          token: await signed({ iat: now() + 10, exp: now() + 23 * 3600 }),
        })
      ).status,
    ).toBe(200);
  });
});
