import { TestApp } from './support/test-app.js';

/**
 * G3 under concurrency (issue 13, item 4): many copies of one request with one Idempotency-Key sent
 * at once must all get the first answer (status, body, ETag) and leave exactly one set of events,
 * whether they land on one instance or on two instances sharing one data folder.
 */
const COPIES = 50;
const TRIALS = 4;
const today = new Date().toISOString().slice(0, 10);
const pledge = (name: string) => ({
  name,
  ori: 'TX0611200',
  region: 'TX',
  signatory: { name: 'Andy Kancel', title: 'Chief of Police' },
  contact: { name: 'Lt. Rivera', email: 'onemind@idem.example' },
});
const roster =
  'officerRef,sworn,joinedOn,separatedOn,programId,completedOn,hours\nr-1,true,2015-01-01,,cit,2024-05-01,40\n';

type Answer = { status: number; etag: string | null; text: string };

async function eventTypes(t: TestApp, streamId: string): Promise<string[]> {
  const log = await t.openLog();
  try {
    return (await log.readStream(streamId)).map((e) => e.type);
  } finally {
    await log.close();
  }
}

/** Fires every copy before awaiting any; `via(i)` picks the instance the i-th copy goes to. */
async function burst(
  via: (i: number) => TestApp,
  path: string,
  token: string,
  key: string,
  body: (i: number) => unknown,
): Promise<Answer[]> {
  const sent = Array.from({ length: COPIES }, (_, i) =>
    via(i).request('POST', path, { token, body: body(i), headers: { 'idempotency-key': key } }),
  );
  return (await Promise.all(sent)).map((r) => ({
    status: r.status,
    etag: r.headers.get('etag'),
    text: r.text,
  }));
}

function expectAllIdentical(answers: Answer[], status: number) {
  const distinct = [...new Set(answers.map((a) => `${a.status} ${a.etag} ${a.text}`))];
  expect(distinct).toHaveLength(1);
  expect(answers[0].status).toBe(status);
}

/** An agency ready for approval: pledged, partnered, a policy, one sworn crisis-trained officer, submitted. */
async function submitted(t: TestApp, agencyId: string, staff: string) {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.request('POST', `/v1/agencies/${agencyId}${path}`, { token: staff, body, headers });
  const steps = [
    await post('/pledge', pledge(`Agency ${agencyId}`)),
    await post('/partnerships', {
      partnerName: 'Denton County MHMR',
      partnerType: 'community-mental-health',
      establishedOn: today,
    }),
    await post('/policies', {
      title: 'Response to persons in crisis',
      version: '1',
      adoptedOn: today,
      effectiveOn: today,
      basedOnIacpModel: true,
    }),
    await post('/imports', roster, { 'content-type': 'text/csv' }),
    await post('/submission', {}),
  ];
  for (const s of steps) if (s.status >= 300) throw new Error(`preparing ${agencyId}: ${s.status} ${s.text}`);
}

describe('one Idempotency-Key, many concurrent copies (e2e, G3)', () => {
  const a = new TestApp();
  let b: TestApp;
  let staff: string;

  beforeAll(async () => {
    await a.start();
    b = await new TestApp({}, a).start();
    staff = await a.token('staff', 'alice@iacp');
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it.each(Array.from({ length: TRIALS }, (_, i) => i))(
    'pledge, %i: every copy on one instance gets the first answer, one PledgeTaken',
    async (trial) => {
      const agencyId = `tx-idem-pledge-${trial}`;
      const answers = await burst(
        () => a,
        `/v1/agencies/${agencyId}/pledge`,
        staff,
        `pledge-${trial}`,
        () => pledge('Idem PD'),
      );
      expectAllIdentical(answers, 201);
      expect(answers[0].etag).toBe('"0"');
      expect(await eventTypes(a, `agency-${agencyId}`)).toEqual(['PledgeTaken']);
    },
  );

  it.each(Array.from({ length: TRIALS }, (_, i) => i))(
    'approve, %i: every copy on one instance gets the first answer, one approval',
    async (trial) => {
      const agencyId = `tx-idem-approve-${trial}`;
      await submitted(a, agencyId, staff);
      const before = await eventTypes(a, `agency-${agencyId}`);
      const answers = await burst(
        () => a,
        `/v1/agencies/${agencyId}/review/approve`,
        staff,
        `approve-${trial}`,
        () => ({ note: 'well done' }),
      );
      expectAllIdentical(answers, 200);
      expect(await eventTypes(a, `agency-${agencyId}`)).toEqual([...before, 'CertificationApproved']);
    },
  );

  it.each(Array.from({ length: TRIALS }, (_, i) => i))(
    'pledge, %i: copies split over two instances on one data folder get one answer',
    async (trial) => {
      const agencyId = `tx-idem-two-${trial}`;
      const answers = await burst(
        (i) => (i % 2 ? b : a),
        `/v1/agencies/${agencyId}/pledge`,
        staff,
        `two-${trial}`,
        () => pledge('Idem PD'),
      );
      expectAllIdentical(answers, 201);
      expect(await eventTypes(a, `agency-${agencyId}`)).toEqual(['PledgeTaken']);
    },
  );

  it.each(Array.from({ length: TRIALS }, (_, i) => i))(
    'approve, %i: copies split over two instances get one answer, one approval',
    async (trial) => {
      const agencyId = `tx-idem-two-approve-${trial}`;
      await submitted(a, agencyId, staff);
      const before = await eventTypes(a, `agency-${agencyId}`);
      const answers = await burst(
        (i) => (i % 2 ? b : a),
        `/v1/agencies/${agencyId}/review/approve`,
        staff,
        `two-approve-${trial}`,
        () => ({}),
      );
      expectAllIdentical(answers, 200);
      expect(await eventTypes(a, `agency-${agencyId}`)).toEqual([...before, 'CertificationApproved']);
    },
  );

  it('one key with two different bodies at once: one body wins everywhere, the other gets 409 idempotency-key-reused', async () => {
    const agencyId = 'tx-idem-reused';
    const names = ['First PD', 'Second PD'];
    const answers = await burst(
      (i) => (i % 4 < 2 ? a : b),
      `/v1/agencies/${agencyId}/pledge`,
      staff,
      'reused',
      (i) => pledge(names[i % 2]),
    );
    const won = answers.find((x) => x.status === 201);
    expect(won).toBeDefined();
    const winner = answers.indexOf(won!) % 2;
    expectAllIdentical(
      answers.filter((_, i) => i % 2 === winner),
      201,
    );
    const losers = answers.filter((_, i) => i % 2 !== winner);
    expect(
      losers
        .map((x) => [x.status, JSON.parse(x.text).code])
        .filter(([s, c]) => s !== 409 || c !== 'idempotency-key-reused'),
    ).toEqual([]);
    expect(await eventTypes(a, `agency-${agencyId}`)).toEqual(['PledgeTaken']);
  });
});
