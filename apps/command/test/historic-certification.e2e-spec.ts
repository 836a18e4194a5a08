import type { EventStore } from '#event-store';
import { documentJobId, expiryJobId } from '#jobs';
import { JobQueues } from '#jobs/redis';
import { startProjector, type RunningProjector } from '#projector';
import { TestApp } from './support/test-app.js';
import { REDIS_URL, deletePrefix, eventsOfType, testPrefix, waitFor } from './support/timers-support.js';

const ROUTE = (agencyId: string, campaignId = 'one-mind') =>
  `/v1/agencies/${agencyId}/campaigns/${campaignId}/historic-certification`;
const PROFILE = {
  country: 'US',
  region: 'TX',
  signatory: { name: 'Pat Chief', title: 'Chief of Police' },
  contact: { name: 'Sam Liaison', email: 'sam@old.example' },
  note: 'One Mind list 2016–2024, row 12',
};
// Certified under One Mind 2023 more than 36 months before today (valid through 2026-06-01).
const OF_2023 = {
  ...PROFILE,
  name: 'Hist 2023 PD',
  ruleSet: 'one-mind-2023',
  pledgedOn: '2023-01-15',
  submittedOn: '2023-05-01',
  effectiveOn: '2023-06-01',
};
const OF_2016 = {
  ...PROFILE,
  name: 'Hist 2016 PD',
  ruleSet: 'one-mind-2016',
  pledgedOn: '2017-02-01',
  submittedOn: '2018-01-05',
  effectiveOn: '2018-02-01',
  certificateNumber: 'OM-0412',
};

/**
 * Issue 18 item 6 through the whole system: two agencies migrated with their original dates while
 * the workers are off; Redis then loses everything, and at the next start the reconcile derives
 * the 2023 certificate's expiry from the log alone, so the timer makes it `expired`; the 2016 one
 * never expires. Neither gets documents (not asked for), and the public list shows them as they stand.
 */
describe('historic certifications (e2e, real Redis)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const t = new TestApp({ ONEMIND_WORKERS: 'off' });
  let projector: RunningProjector | undefined;
  let store: EventStore;
  let queues: JobQueues;
  let staff: string;

  beforeAll(async () => {
    await t.start();
    // Whichever store the run uses (SQLite, or PostgreSQL under `npm run test:e2e-pg`).
    store = await t.openLog();
    queues = new JobQueues(REDIS_URL, prefix);
    staff = await t.token('staff', 'alice@iacp');
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await queues?.close();
    await store?.close();
    await t.stop();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  const migrate = (agencyId: string, body: unknown, token = staff, campaignId?: string) =>
    t.request('POST', ROUTE(agencyId, campaignId), { token, body });
  const count = async () => (await store.readAll(0n, 100_000)).length;

  it('records pledge, submission and approval in one command, each dated as it happened', async () => {
    const res = await migrate('hist-2023-pd', OF_2023);
    expect(res.status).toBe(201);
    expect(res.json.events.map((e: { type: string }) => e.type)).toEqual([
      'PledgeTaken',
      'CertificationSubmitted',
      'CertificationApproved',
    ]);
    expect((await migrate('hist-2016-pd', OF_2016)).status).toBe(201);
    const stream = await store.readStream('agency-hist-2016-pd');
    expect(stream.map((e) => [e.type, e.schemaVersion, (e.data as { migrated?: true }).migrated])).toEqual([
      ['PledgeTaken', 1, true],
      ['CertificationSubmitted', 1, true],
      ['CertificationApproved', 1, true],
    ]);
    expect(stream[0].data).toMatchObject({ pledgedOn: '2017-02-01', ruleSet: 'one-mind-2016' });
    expect(stream[1].data).toMatchObject({ submittedAt: '2018-01-05T00:00:00.000Z' });
    expect(stream[2].data).toMatchObject({
      certificateNumber: 'OM-0412',
      effectiveOn: '2018-02-01',
      approvedAt: '2018-02-01T00:00:00.000Z',
      withoutDocuments: true,
    });
    const [approved2023] = (await eventsOfType(store, 'CertificationApproved')).filter(
      (e) => e.streamId === 'agency-hist-2023-pd',
    );
    expect(approved2023.data.certificateNumber).toBe('OM-2023-hist-2023-pd-1');
  }, 30_000);

  it('refuses, appending nothing: another campaign, an unknown one, a second time, a taken number, bad input, a non-staff caller', async () => {
    const before = await count();
    const refusals: [string, unknown, number, string | undefined, string?][] = [
      ['new-pd', OF_2023, 422, 'campaign-not-migratable', 'trust-building'],
      ['new-pd', OF_2023, 404, 'campaign-not-found', 'no-such-campaign'],
      ['hist-2023-pd', OF_2023, 422, 'agency-already-recorded'],
      ['other-pd', { ...OF_2016, name: 'Other PD' }, 409, 'certificate-number-taken'],
      ['other-pd', { ...OF_2016, certificateNumber: 'om-0412' }, 409, 'certificate-number-taken'],
      [
        'other-pd',
        { ...OF_2023, certificateNumber: 'OM-2023-hist-2023-pd-1' },
        422,
        'certificate-number-form',
      ],
      ['other-pd', { ...OF_2023, submittedOn: '2022-12-31' }, 422, 'date-order'],
      ['other-pd', { ...OF_2023, effectiveOn: '2099-01-01' }, 422, 'date-in-future'],
      ['other-pd', { ...OF_2023, ruleSet: 'trust-building-2022' }, 400, undefined],
      ['other-pd', { ...OF_2023, note: undefined }, 400, undefined],
    ];
    for (const [agencyId, body, status, code, campaignId] of refusals) {
      const res = await migrate(agencyId, body, staff, campaignId);
      expect({ agencyId, campaignId, status: res.status, code: res.json?.code }).toEqual({
        agencyId,
        campaignId,
        status,
        code: code ?? res.json?.code,
      });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const agency = await t.token('agency', 'chief@other-pd', 'other-pd');
    expect((await migrate('other-pd', OF_2023, agency)).status).toBe(403);
    expect(await count()).toBe(before);
  }, 30_000);

  it('after Redis loses everything, the reconcile at start expires the 2023 certificate; the 2016 one stays', async () => {
    await deletePrefix(prefix);
    delete t.env.ONEMIND_WORKERS;
    await t.restart();
    projector = await startProjector(t.config, { port: 0 });
    const [expired] = await waitFor(
      async () => {
        const e = await eventsOfType(store, 'CertificationExpired');
        return e.length ? e : undefined;
      },
      20_000,
      'CertificationExpired',
    );
    expect(expired.streamId).toBe('agency-hist-2023-pd');
    expect(expired.data).toMatchObject({
      certificateNumber: 'OM-2023-hist-2023-pd-1',
      expiresOn: '2026-06-01',
    });
    expect(expired.metadata.causationId).toBe(expiryJobId('OM-2023-hist-2023-pd-1'));

    // Read once the read models have the expiry (the projector catches up in batches of its own).
    const certified = await t.request('GET', '/v1/public/agencies?status=certified', {
      headers: { 'x-min-position': String(expired.position) },
    });
    expect(certified.status).toBe(200);
    const list = (certified.json.items ?? certified.json).map((a: { agencyId: string }) => a.agencyId);
    expect(list).toContain('hist-2016-pd');
    expect(list).not.toContain('hist-2023-pd');
    const v2016 = (await t.request('GET', '/v1/agencies/hist-2016-pd', { token: staff })).json;
    expect(v2016).toMatchObject({ status: 'certified', certificate: { number: 'OM-0412', expiresOn: null } });
    const check = await t.request(
      'GET',
      `/v1/public/certificates/OM-0412?code=${v2016.certificate.verificationCode}`,
    );
    expect(check.json).toMatchObject({ valid: true });
    // No documents were asked for: no job, no CertificateIssued, and no expiry job for 2016.
    expect(await queues.queues.deadlines.getJob(expiryJobId('OM-0412'))).toBeUndefined();
    for (const number of ['OM-0412', 'OM-2023-hist-2023-pd-1'])
      expect(await queues.queues.documents.getJob(documentJobId('certificate', number))).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await eventsOfType(store, 'CertificateIssued')).toEqual([]);
    expect(await eventsOfType(store, 'CertificationExpired')).toHaveLength(1);
  }, 40_000);

  it('the expired migrated agency recertifies as any other: cycle 2 is judged on today’s records', async () => {
    const refused = await t.request('POST', '/v1/agencies/hist-2023-pd/recertification', {
      token: staff,
      body: {},
    });
    // Migrated without a roster: today's records do not meet the rule set, and it says what is missing.
    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe('requirements-not-met');
  }, 30_000);
});
