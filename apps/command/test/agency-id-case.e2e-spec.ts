import { TestApp } from './support/test-app.js';

const pledge = {
  name: 'Bee Police Department',
  signatory: { name: 'A Chief', title: 'Chief of Police' },
  contact: { name: 'Lt. B', email: 'onemind@bee.example' },
};

const streams = async (t: TestApp): Promise<string[]> =>
  [...new Set((await t.logEvents()).map((e) => e.streamId))].sort();

/**
 * API.md (issue 13): ids are compared exactly, but two agency ids that differ only in letter case
 * may not both exist. The second pledge gets 409 agency-id-taken and appends nothing, also when
 * both arrive at once, at one instance or at two instances sharing one data folder.
 */
describe('agency ids that differ only in letter case (e2e, real HTTP + SQLite file)', () => {
  const a = new TestApp();
  const b = new TestApp({}, a);
  let staff: string;
  beforeAll(async () => {
    await a.start();
    await b.start();
    staff = await a.token('staff', 'alice@iacp');
  });
  afterAll(async () => {
    await b.app?.close();
    await a.stop();
  });

  it('pledge agency-bbb, then AGENCY-BBB: 409 problem+json agency-id-taken, nothing appended', async () => {
    expect(
      (await a.request('POST', '/v1/agencies/agency-bbb/pledge', { token: staff, body: pledge })).status,
    ).toBe(201);
    const before = await streams(a);
    for (const id of ['AGENCY-BBB', 'Agency-Bbb', 'agency-bbB']) {
      const res = await a.request('POST', `/v1/agencies/${id}/pledge`, {
        token: staff,
        body: pledge,
        headers: { 'idempotency-key': `case-${id}` },
      });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.json).toMatchObject({ status: 409, code: 'agency-id-taken' });
      expect(res.text).not.toContain('agency-bbb'); // the answer does not name the other agency
    }
    expect(await streams(a)).toEqual(before);
    // The agency's own token for the other spelling is refused the same way.
    const own = await a.token('agency', 'chief@bee', 'AGENCY-BBB');
    expect(
      (await b.request('POST', '/v1/agencies/AGENCY-BBB/pledge', { token: own, body: pledge })).json,
    ).toMatchObject({ code: 'agency-id-taken' });
    // The genuine agency is untouched and still takes commands.
    const partnership = {
      partnerName: 'MHMR',
      partnerType: 'community-mental-health',
      establishedOn: '2025-02-01',
    };
    expect(
      (await b.request('POST', '/v1/agencies/agency-bbb/partnerships', { token: staff, body: partnership }))
        .status,
    ).toBe(200);
    expect(
      (await b.request('POST', '/v1/agencies/AGENCY-BBB/partnerships', { token: staff, body: partnership }))
        .json,
    ).toMatchObject({ code: 'agency-not-found' });
    expect(await streams(a)).toEqual(before);
  });

  it('concurrent pledges of case variants, across two instances on one data folder: exactly one succeeds', async () => {
    for (let round = 0; round < 5; round++) {
      const ids = [`tx-race${round}-pd`, `TX-RACE${round}-PD`, `Tx-Race${round}-Pd`, `tx-RACE${round}-pd`];
      const answers = await Promise.all(
        ids.flatMap((id, i) =>
          [a, b].map((app) =>
            app.request('POST', `/v1/agencies/${id}/pledge`, {
              token: staff,
              body: { ...pledge, name: `${id} ${i}` },
            }),
          ),
        ),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      // The winner's own second copy is a normal 422 already-pledged; every other spelling is 409.
      for (const r of answers) if (r.status !== 201) expect([409, 422]).toContain(r.status);
      expect(answers.filter((r) => r.status === 409).every((r) => r.json.code === 'agency-id-taken')).toBe(
        true,
      );
      expect((await streams(a)).filter((s) => s.toLowerCase() === `agency-tx-race${round}-pd`)).toHaveLength(
        1,
      );
    }
  });
});
