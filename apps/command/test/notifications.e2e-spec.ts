import type { Job } from 'bullmq';
import type { EventStore } from '#event-store';
import { addDays } from '#domain';
import { notificationJobId, startOfDay } from '#jobs';
import { JobQueues, reconcile } from '#jobs/redis';
import { startProjector, type RunningProjector } from '#projector';
import { WorkerHost } from '../src/queues/worker-host.js';
import { mailbox } from './support/mailbox.js';
import { TestApp } from './support/test-app.js';
import {
  REDIS_URL,
  appendAgencyEvents,
  deletePrefix,
  eventsOfType,
  isoDay,
  pledgeTaken,
  testPrefix,
  waitFor,
} from './support/timers-support.js';

const settle = (ms = 1_500) => new Promise((r) => setTimeout(r, ms));
const today = isoDay(0);
const expiresOn = isoDay(100);

/**
 * Notifications through the whole system: HTTP → log → projector reactor → BullMQ → worker → a
 * real SMTP server → NotificationSent in the log.
 */
describe('notification e-mails (e2e, real Redis and SMTP)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const box = mailbox();
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;
  let queues: JobQueues;
  let staff: string;
  const CONTACT = 'rivera@notify.example';
  const STAFF = 'reviews@iacp.example';

  beforeAll(async () => {
    const smtpUrl = await box.listen();
    t = await new TestApp({
      SMTP_URL: smtpUrl,
      ONEMIND_STAFF_EMAIL: STAFF,
      PUBLIC_BASE_URL: 'https://onemind.example',
    }).start();
    projector = await startProjector(t.config, { port: 0 });
    store = await t.openLog();
    queues = new JobQueues(REDIS_URL, prefix);
    staff = await t.token('staff', 'alice@iacp');
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await queues?.close();
    await store?.close();
    await t?.stop();
    await box.close();
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
  const sentEvents = async (agencyId: string) =>
    (await eventsOfType(store, 'NotificationSent')).filter((e) => e.streamId === `agency-${agencyId}`);

  async function readyAgency(agencyId: string, token: string, trainings: object[] = []) {
    await post(
      agencyId,
      '/pledge',
      {
        name: 'Notify Police Department',
        region: 'TX',
        signatory: { name: 'Chief Notify', title: 'Chief of Police' },
        contact: { name: 'Lt. Rivera', email: CONTACT },
      },
      token,
      201,
    );
    await post(
      agencyId,
      '/partnerships',
      { partnerName: 'County MHMR', partnerType: 'community-mental-health', establishedOn: today },
      token,
    );
    await post(
      agencyId,
      '/policies',
      {
        title: 'Crisis response',
        version: '1',
        adoptedOn: today,
        effectiveOn: today,
        basedOnIacpModel: true,
      },
      token,
    );
    await post(
      agencyId,
      '/officers',
      {
        officers: [
          { officerRef: 'o-1', joinedOn: isoDay(-400) },
          { officerRef: 'civ-1', sworn: false, joinedOn: isoDay(-400) },
        ],
      },
      token,
    );
    await post(
      agencyId,
      '/trainings',
      {
        records: trainings.length ? trainings : [{ officerRef: 'o-1', programId: 'cit', completedOn: today }],
      },
      token,
    );
  }

  it('a submission mails staff; a request for changes mails the contact each reason in plain words, once', async () => {
    const agency = await t.token('agency', 'chief@review', 'review-pd');
    await readyAgency('review-pd', agency);
    await post('review-pd', '/submission', { note: 'Everything is attached.' }, agency);

    const staffMail = await waitFor(async () => box.to(STAFF)[0], 10_000, 'the staff e-mail');
    expect(staffMail.headers.get('subject')).toBe(
      'One Mind Campaign: Notify Police Department submitted for certification',
    );
    expect(staffMail.body).toContain('Note from the agency:\nEverything is attached.');
    expect(staffMail.headers.get('message-id')).toMatch(/^<submission-received\.review-pd\.\d+@onemind>$/);

    await post(
      'review-pd',
      '/review/request-changes',
      {
        reasons: [
          { requirement: 'policy', message: 'The policy must be signed by the chief.' },
          { requirement: 'partnership', message: 'Attach the signed agreement.' },
        ],
      },
      staff,
    );
    const mail = await waitFor(async () => box.to(CONTACT)[0], 10_000, 'the changes-requested e-mail');
    await waitFor(async () => (await sentEvents('review-pd')).length === 2, 10_000, 'both recorded');
    await settle();
    expect(box.to(CONTACT)).toHaveLength(1);
    expect(box.to(STAFF)).toHaveLength(1);
    expect(mail.headers.get('to')).toBe(`"Lt. Rivera" <${CONTACT}>`);
    expect(mail.headers.get('subject')).toBe(
      'One Mind Campaign: changes requested for Notify Police Department',
    );
    expect(mail.headers.get('message-id')).toMatch(/^<changes-requested\.review-pd\.\d+@onemind>$/);
    expect(Date.now() - Date.parse(mail.headers.get('date')!)).toBeLessThan(60_000);
    expect(mail.body).toContain('1. Policy: The policy must be signed by the chief.');
    expect(mail.body).toContain(
      '2. Partnership with a community mental-health organisation: Attach the signed agreement.',
    );
    const recorded = await sentEvents('review-pd');
    expect(recorded.map((e) => [e.data.kind, e.data.to, e.data.messageId])).toEqual([
      ['submission-received', STAFF, staffMail.headers.get('message-id')],
      ['changes-requested', CONTACT, mail.headers.get('message-id')],
    ]);
    expect(recorded[1].metadata.causationId).toBe(
      notificationJobId(recorded[1].data.notificationId as string),
    );
  }, 40_000);

  it('an approval mails the contact, once both documents exist, links to both and to the public check', async () => {
    const agency = await t.token('agency', 'chief@review', 'review-pd');
    await post('review-pd', '/submission', {}, agency);
    await post('review-pd', '/review/approve', {}, staff);
    const mail = await waitFor(
      async () => box.to(CONTACT).find((m) => m.headers.get('subject')!.includes('is certified')),
      15_000,
      'the certified e-mail',
    );
    const [approved] = await eventsOfType(store, 'CertificationApproved');
    const { certificateNumber, verificationCode } = approved.data;
    expect(mail.headers.get('message-id')).toBe(`<certified.${certificateNumber}@onemind>`);
    expect(mail.body).toContain('https://onemind.example/v1/agencies/review-pd/certificate.pdf');
    expect(mail.body).toContain('https://onemind.example/v1/agencies/review-pd/letter.pdf');
    expect(mail.body).toContain(
      `https://onemind.example/verify/${certificateNumber}?code=${verificationCode}`,
    );
    // the documents were there before the mail said so
    expect(await eventsOfType(store, 'CertificateIssued')).toHaveLength(1);
    expect(await eventsOfType(store, 'PresidentialLetterIssued')).toHaveLength(1);
    const certificate = await t.request('GET', '/v1/agencies/review-pd/certificate.pdf', {
      token: await t.token('agency', 'chief@review', 'review-pd'),
    });
    expect(certificate.status).toBe(200);
  }, 40_000);

  it('training expiry: the notice whose day has passed at once, the others delayed to their days; a renewal moves them', async () => {
    const agency = await t.token('agency', 'chief@expiry', 'expiry-pd');
    await readyAgency('expiry-pd', agency, [
      { officerRef: 'o-1', programId: 'cit', completedOn: today, expiresOn },
      { officerRef: 'civ-1', programId: 'cit', completedOn: today, expiresOn },
    ]);
    const id = (offset: number, day = expiresOn) =>
      notificationJobId(`training-expiring/expiry-pd/${day}/${offset}`);
    // 180 days before has passed: that notice is due now (one current notice, not a burst)
    const mail = await waitFor(
      async () => box.to(CONTACT).find((m) => m.headers.get('subject')!.includes('expire')),
      10_000,
      'the training-expiry e-mail',
    );
    expect(mail.headers.get('subject')).toBe(
      `One Mind Campaign: 1 training record of Notify Police Department expires on ${expiresOn}`,
    );
    expect(mail.body).toContain(`in 100 days`);
    expect(mail.body).toContain('officer o-1: ');
    expect(mail.body).not.toContain('civ-1'); // not sworn: does not count
    expect(mail.headers.get('message-id')).toBe(`<training-expiring.expiry-pd.${expiresOn}.180@onemind>`);

    const dueAt = async (jobId: string) => {
      const job = await queues.queues.mail.getJob(jobId);
      if (!job || (await job.getState()) !== 'delayed') return null;
      // BullMQ keeps "added at + delay": within a second of the job's own due time
      expect(Math.abs(job.timestamp + job.delay - Date.parse(job.data.dueAt))).toBeLessThan(1_000);
      return job.data.dueAt as string;
    };
    for (const offset of [90, 30, 7])
      expect(await dueAt(id(offset))).toBe(startOfDay(addDays(expiresOn, -offset)));

    // A renewal: the old day's notices are cancelled, the new day's scheduled.
    const renewedOn = isoDay(400);
    await post(
      'expiry-pd',
      '/trainings',
      { records: [{ officerRef: 'o-1', programId: 'cit', completedOn: today, expiresOn: renewedOn }] },
      agency,
    );
    await waitFor(async () => (await dueAt(id(180, renewedOn))) !== null, 10_000, 'the new notices');
    expect(await dueAt(id(180, renewedOn))).toBe(startOfDay(addDays(renewedOn, -180)));
    // civ-1 still has a record running out that day (the mail re-checks whether it counts)
    expect(await dueAt(id(90))).toBe(startOfDay(addDays(expiresOn, -90)));
  }, 40_000);

  it('after Redis loss the projector reconciles: sent notifications are not sent again, pending ones come back', async () => {
    const before = box.mails.length;
    await projector.stop();
    await deletePrefix(prefix);
    projector = await startProjector(t.config, { port: 0 });
    await waitFor(async () => projector.health().ok, 10_000, 'the projector');
    await settle(2_500);
    expect(box.mails.length).toBe(before);
    // the unsent ones (the training notices still ahead) are back in Redis, delayed to their days
    const back = await queues.queues.mail.getJob(
      notificationJobId(`training-expiring/expiry-pd/${expiresOn}/30`),
    );
    expect(back && (await back.getState())).toBe('delayed');
    expect(back!.data.dueAt).toBe(startOfDay(addDays(expiresOn, -30)));
  }, 30_000);
});

/**
 * At least once, under control: no projector and no workers (ONEMIND_WORKERS=off); the test runs
 * the worker's `process` itself and reconciles by hand, so every delivery is one it caused.
 */
describe('notifications: duplicate delivery and reconcile after Redis loss (e2e)', () => {
  const prefix = testPrefix();
  const box = mailbox();
  let t: TestApp;
  let store: EventStore;
  let queues: JobQueues;
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    process.env.ONEMIND_QUEUE_PREFIX = prefix;
    t = await new TestApp({ SMTP_URL: await box.listen(), ONEMIND_WORKERS: 'off' }).start();
    store = await t.openLog();
    queues = new JobQueues(REDIS_URL, prefix);
    for (const agencyId of ['twice-pd', 'unsent-pd'])
      await appendAgencyEvents(store, agencyId, [
        pledgeTaken(agencyId, isoDay(300)),
        { type: 'CertificationSubmitted', data: { cycle: 1, submittedAt: now(), evaluation: {} as never } },
        {
          type: 'CertificationChangesRequested',
          data: { cycle: 1, reasons: [{ requirement: 'training', message: 'Add the CIT certificates.' }] },
        },
      ]);
  }, 30_000);
  afterAll(async () => {
    await queues?.close();
    await store?.close();
    await t?.stop();
    await box.close();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  const job = (agencyId: string) =>
    ({
      name: 'send-notification',
      id: notificationJobId(`changes-requested/${agencyId}/2`),
      data: {
        agencyId,
        notificationId: `changes-requested/${agencyId}/2`,
        notification: { kind: 'changes-requested', revision: '2' },
        dueAt: now(),
      },
    }) as unknown as Job;

  it('a job delivered twice at once sends the same Message-ID twice and is recorded once; a later run sends nothing', async () => {
    const host = t.app.get(WorkerHost);
    await Promise.all([host.process(job('twice-pd')), host.process(job('twice-pd'))]);
    const mails = box.to('twice-pd@example.org');
    expect(mails).toHaveLength(2);
    expect(mails[1].headers.get('message-id')).toBe(mails[0].headers.get('message-id'));
    expect(mails[0].headers.get('message-id')).toBe('<changes-requested.twice-pd.2@onemind>');
    expect(mails[1].body).toBe(mails[0].body);
    expect(mails[0].body).toContain('1. Training: Add the CIT certificates.');
    const recorded = (await eventsOfType(store, 'NotificationSent')).filter(
      (e) => e.streamId === 'agency-twice-pd',
    );
    expect(recorded).toHaveLength(1);
    await host.process(job('twice-pd'));
    expect(box.to('twice-pd@example.org')).toHaveLength(2);
  }, 20_000);

  it('reconcile after a flush brings back the unsent notification only, and it is then delivered', async () => {
    const unsent = notificationJobId('changes-requested/unsent-pd/2');
    const first = await reconcile(store, queues, now);
    expect(first.added.filter((id) => id.startsWith('mail/'))).toEqual([unsent]);
    await deletePrefix(prefix); // Redis lost
    const again = await reconcile(store, queues, now);
    expect(again.added.filter((id) => id.startsWith('mail/'))).toEqual([unsent]);
    const queued = await queues.queues.mail.getJob(unsent);
    await t.app.get(WorkerHost).process(queued!);
    expect(box.to('unsent-pd@example.org').map((m) => m.headers.get('message-id'))).toEqual([
      '<changes-requested.unsent-pd.2@onemind>',
    ]);
    await queued!.remove();
    const after = await reconcile(store, queues, now);
    expect(after.added.filter((id) => id.startsWith('mail/'))).toEqual([]);
  }, 20_000);
});
