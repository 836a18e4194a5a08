import type { EventStore } from '#event-store';
import { addDays, addMonths } from '#domain';
import { expiryJobId } from '#jobs';
import { JobQueues, reconcile } from '#jobs/redis';
import { startProjector, type RunningProjector } from '#projector';
import { TestApp } from './support/test-app.js';
import {
  REDIS_URL,
  deletePrefix,
  eventsOfType,
  isoDay,
  testPrefix,
  waitFor,
} from './support/timers-support.js';

const DAY_MS = 86_400_000;
const realToday = isoDay(0);
// The app first lives 36 months and 2 days in the past (ONEMIND_CLOCK_OFFSET_MS, as the timers
// tests move time): what it certifies then has run out by today's real date.
const pastToday = addDays(addMonths(realToday, -36), -2);
const PAST_OFFSET = Date.parse(`${pastToday}T00:00:00Z`) - Date.parse(`${realToday}T00:00:00Z`);

/**
 * Issue 18 items 4-5 through the whole system: certified under One Mind 2023 in the past, the
 * expiry timer (reactor → BullMQ → worker → ExpireCertification) makes the agency `expired`;
 * recertification opens cycle 2, judged by today's rule set, and its approval issues `…-2`. One
 * Mind 2016 never expires; the expiry job comes back after Redis loses it.
 */
describe('certification expiry and recertification (e2e, real Redis, moved clock)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const t = new TestApp({ ONEMIND_CLOCK_OFFSET_MS: String(PAST_OFFSET), ONEMIND_WORKERS: 'off' });
  let projector: RunningProjector | undefined;
  let store: EventStore;
  let queues: JobQueues;
  let staff: string;

  beforeAll(async () => {
    await t.start();
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

  const post = async (agencyId: string, path: string, body: unknown, token: string, status = 200) => {
    const res = await t.request('POST', `/v1/agencies/${agencyId}${path}`, { token, body });
    expect({ path, status: res.status, body: res.status === status ? null : res.json }).toEqual({
      path,
      status,
      body: null,
    });
    return res;
  };
  const view = async (agencyId: string) =>
    (await t.request('GET', `/v1/agencies/${agencyId}`, { token: staff })).json;

  /** Pledged, with a partnership, a policy and a trained roster, as of the app's today; certified. */
  async function certify(agencyId: string, on: string, ruleSet?: string) {
    const agency = await t.token('agency', `chief@${agencyId}`, agencyId);
    const pledge = {
      name: `${agencyId} Police Department`,
      region: 'TX',
      signatory: { name: 'Chief', title: 'Chief of Police' },
      contact: { name: 'Lt. Rivera', email: `rivera@${agencyId}.example` },
      ...(ruleSet ? { ruleSet } : {}),
    };
    await post(agencyId, '/pledge', pledge, ruleSet ? staff : agency, 201);
    const partnership = {
      partnerName: 'County MHMR',
      partnerType: 'community-mental-health',
      establishedOn: on,
    };
    await post(agencyId, '/partnerships', partnership, agency);
    const policy = {
      title: 'Crisis response',
      version: '1',
      adoptedOn: on,
      effectiveOn: on,
      basedOnIacpModel: true,
    };
    await post(agencyId, '/policies', policy, agency);
    const officers = ['o-1', 'o-2', 'o-3', 'o-4', 'o-5'].map((officerRef) => ({ officerRef, joinedOn: on }));
    await post(agencyId, '/officers', { officers }, agency);
    const records = officers.map(({ officerRef }, i) => ({
      officerRef,
      programId: i === 0 ? 'cit' : 'mhfa-public-safety',
      completedOn: on,
    }));
    // One Mind 2016's coverage counts the awareness class only: o-1 holds both.
    const both = { officerRef: 'o-1', programId: 'mhfa-public-safety', completedOn: on };
    await post(agencyId, '/trainings', { records: [...records, both] }, agency);
    await post(agencyId, '/submission', {}, agency);
    await post(agencyId, '/review/approve', {}, staff);
    return agency;
  }

  it('certifies under One Mind 2023 (expiring) and 2016 (never) in the past', async () => {
    await certify('recert-pd', pastToday);
    await certify('forever-pd', pastToday, 'one-mind-2016');
    const approvals = await eventsOfType(store, 'CertificationApproved');
    expect(approvals.map((e) => [e.streamId, e.data.certificateNumber, e.data.effectiveOn])).toEqual([
      ['agency-recert-pd', `OM-${pastToday.slice(0, 4)}-recert-pd-1`, pastToday],
      ['agency-forever-pd', `OM-${pastToday.slice(0, 4)}-forever-pd-1`, pastToday],
    ]);
  }, 30_000);

  it('back at today, the expiry timer makes the One Mind 2023 agency expired; the 2016 one stays certified', async () => {
    t.env.ONEMIND_CLOCK_OFFSET_MS = '0';
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
    const expiresOn = addMonths(pastToday, 36);
    expect(expired.streamId).toBe('agency-recert-pd');
    expect(expired.data).toMatchObject({ cycle: 1, expiresOn });
    expect(expired.metadata.causationId).toBe(expiryJobId(expired.data.certificateNumber));

    const v = await waitFor(
      async () => {
        const r = await view('recert-pd');
        return r?.status === 'expired' ? r : undefined;
      },
      10_000,
      'the expired view',
    );
    expect(v.certificate).toMatchObject({ number: expired.data.certificateNumber, expiresOn });
    const forever = await view('forever-pd');
    expect(forever.status).toBe('certified');
    expect(forever.certificate.expiresOn).toBeNull();
    const foreverNumber = forever.certificate.number as string;
    expect(await queues.queues.deadlines.getJob(expiryJobId(foreverNumber))).toBeUndefined();

    const list = await t.request('GET', '/v1/public/agencies?status=certified');
    const ids = (list.json.items ?? list.json).map((a: { agencyId: string }) => a.agencyId);
    expect(ids).toContain('forever-pd');
    expect(ids).not.toContain('recert-pd');
    // The public check and the page the QR code opens say it expired, and until when it was valid.
    const code = v.certificate.verificationCode as string;
    const number = encodeURIComponent(v.certificate.number);
    const check = await t.request('GET', `/v1/public/certificates/${number}?code=${code}`);
    expect(check.json).toMatchObject({ valid: false, revoked: false, expiredOn: expiresOn });
    const page = await t.request('GET', `/verify/${number}?code=${code}`);
    expect(page.text).toContain('<p class="verdict" id="verdict">Expired</p>');
    expect(page.text).toContain('Expired: this certification was valid until');
    const foreverCheck = await t.request(
      'GET',
      `/v1/public/certificates/${encodeURIComponent(foreverNumber)}?code=${forever.certificate.verificationCode}`,
    );
    expect(foreverCheck.json).toMatchObject({ valid: true, expiredOn: null });
    const staffList = await t.request('GET', '/v1/agencies?status=expired', { token: staff });
    expect(staffList.json.items.map((a: { agencyId: string }) => a.agencyId)).toEqual(['recert-pd']);
    // a second firing (a stalled job run again) appends nothing
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await eventsOfType(store, 'CertificationExpired')).toHaveLength(1);
  }, 40_000);

  it('the training expiry watch lists what runs out soon, and the view shows the numbers 90 days ahead', async () => {
    const agency = await t.token('agency', 'chief@recert-pd', 'recert-pd');
    await post('recert-pd', '/officers', { officers: [{ officerRef: 'o-6', joinedOn: realToday }] }, agency);
    const expiresOn = isoDay(30);
    const record = { officerRef: 'o-6', programId: 'cit', completedOn: realToday, expiresOn };
    const trained = await post('recert-pd', '/trainings', { records: [record] }, agency);
    // Read after the projector has the training (the projector is another process's subscriber).
    const watch = await t.request('GET', '/v1/agencies/recert-pd/officers?expiringWithinDays=90', {
      token: agency,
      headers: { 'x-min-position': String(trained.json.position) },
    });
    expect(watch.status).toBe(200);
    expect(watch.json.items).toEqual([
      {
        officerRef: 'o-6',
        programId: 'cit',
        programName: expect.any(String),
        class: 'crisis',
        expiresOn,
        daysLeft: 30,
      },
    ]);
    const within10 = await t.request('GET', '/v1/agencies/recert-pd/officers?expiringWithinDays=10', {
      token: await t.token('auditor', 'aud@iacp'),
    });
    expect(within10.json.items).toEqual([]);
    for (const bad of ['0', '3651', 'x', '1.5', ''])
      expect(
        (
          await t.request('GET', `/v1/agencies/recert-pd/officers?expiringWithinDays=${bad}`, {
            token: agency,
          })
        ).status,
      ).toBe(400);
    const v = await waitFor(
      async () => {
        const r = await view('recert-pd');
        return r?.requirements?.training.crisisTrained === 2 ? r : undefined;
      },
      10_000,
      'the new record in the view',
    );
    expect(v.requirementsIn90Days.date).toBe(isoDay(90));
    expect(v.requirementsIn90Days.training.crisisTrained).toBe(1);
  }, 30_000);

  it('recertification opens cycle 2 by today’s rule set; its approval issues …-2 with a new expiry', async () => {
    const agency = await t.token('agency', 'chief@recert-pd', 'recert-pd');
    const other = await t.token('agency', 'chief@forever-pd', 'forever-pd');
    expect(
      (await t.request('POST', '/v1/agencies/recert-pd/recertification', { token: other, body: {} })).status,
    ).toBe(403);
    const res = await post('recert-pd', '/recertification', { note: 'three years on' }, agency);
    expect(res.json.events.map((e: { type: string }) => e.type)).toEqual([
      'RecertificationStarted',
      'CertificationSubmitted',
    ]);
    const refused = await t.request('POST', '/v1/agencies/recert-pd/recertification', {
      token: agency,
      body: {},
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.code).toBe('not-certified');

    await post('recert-pd', '/review/approve', {}, staff);
    const approvals = await eventsOfType(store, 'CertificationApproved');
    const second = approvals.at(-1)!;
    expect(second.data).toMatchObject({
      cycle: 2,
      certificateNumber: `OM-${realToday.slice(0, 4)}-recert-pd-2`,
      effectiveOn: realToday,
    });
    const [started] = await eventsOfType(store, 'RecertificationStarted');
    expect(started.data).toMatchObject({ cycle: 2, ruleSet: 'one-mind-2023', startedOn: realToday });
    const v = await waitFor(
      async () => {
        const r = await view('recert-pd');
        return r?.status === 'certified' ? r : undefined;
      },
      10_000,
      'the certified view',
    );
    expect(v.cycle).toBe(2);
    expect(v.certificate).toMatchObject({
      number: second.data.certificateNumber,
      expiresOn: addMonths(realToday, 36),
    });
  }, 30_000);

  it('after Redis loses its keys, reconcile schedules the new certificate’s expiry again', async () => {
    const number = `OM-${realToday.slice(0, 4)}-recert-pd-2`;
    await waitFor(
      async () => (await queues.queues.deadlines.getJob(expiryJobId(number))) ?? undefined,
      10_000,
      'the expiry job',
    );
    await projector!.stop();
    projector = undefined;
    await deletePrefix(prefix);
    const report = await reconcile(store, queues, () => new Date().toISOString());
    expect(report.added).toContain(expiryJobId(number));
    const job = await queues.queues.deadlines.getJob(expiryJobId(number));
    expect(job!.data.dueAt).toBe(`${addDays(addMonths(realToday, 36), 1)}T00:00:00.000Z`);
    expect(Math.abs(job!.timestamp + job!.delay - Date.parse(job!.data.dueAt))).toBeLessThan(DAY_MS);
  }, 30_000);
});
