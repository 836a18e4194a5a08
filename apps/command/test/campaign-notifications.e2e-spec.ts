import type { EventStore } from '#event-store';
import type { AgencyEvent, RuleSetId } from '#events';
import { notificationJobId } from '#jobs';
import { startProjector, type RunningProjector } from '#projector';
import { mailbox } from './support/mailbox.js';
import { TestApp } from './support/test-app.js';
import {
  appendAgencyEvents,
  deletePrefix,
  eventsOfType,
  isoDay,
  pledgeTaken,
  testPrefix,
  waitFor,
} from './support/timers-support.js';

const TB = 'trust-building';
/** As the decider stamps the events of a campaign that is not the agency's first (CONTRACT.md). */
const tb = (e: AgencyEvent): AgencyEvent =>
  ({ ...e, data: { ...e.data, campaignId: TB } }) as unknown as AgencyEvent;
const pledge = (agencyId: string, ruleSet: RuleSetId, email: string): AgencyEvent => {
  const e = pledgeTaken(agencyId, isoDay(300));
  if (e.type === 'PledgeTaken') {
    e.data.ruleSet = ruleSet;
    e.data.contact = { name: 'Lt. Contact', email };
  }
  return e;
};
/** A Trust Building certification approved now, both documents issued (its `certified` mail is due). */
const certifiedNow = (number: string): AgencyEvent[] => {
  const at = new Date().toISOString();
  return (
    [
      { type: 'CertificationSubmitted', data: { cycle: 1, submittedAt: at, evaluation: {} as never } },
      {
        type: 'CertificationApproved',
        data: {
          cycle: 1,
          certificateNumber: number,
          verificationCode: 'V',
          effectiveOn: isoDay(0),
          approvedAt: at,
        },
      },
      { type: 'CertificateIssued', data: { cycle: 1, certificateNumber: number, sha256: 'a', issuedAt: at } },
      {
        type: 'PresidentialLetterIssued',
        data: { cycle: 1, sha256: 'b', issuedAt: at, addressedTo: { name: 'P', title: 'President' } },
      },
      { type: 'NewsletterFeatureQueued', data: { cycle: 1, certificateNumber: number, queuedAt: at } },
    ] as AgencyEvent[]
  ).map(tb);
};

/**
 * Issue 18 item 3: a notification of an agency's second campaign is about that campaign's cycle
 * (its certificate, its name, its documents' routes), not the first campaign's.
 */
describe('notification e-mails of an agency in two campaigns (e2e, real Redis and SMTP)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const box = mailbox();
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;
  const CONTACT = 'contact@both.example';
  const number = `TRUST-BUILDING-${isoDay(0).slice(0, 4)}-both-pd-1`;

  beforeAll(async () => {
    t = await new TestApp({
      SMTP_URL: await box.listen(),
      PUBLIC_BASE_URL: 'https://onemind.example',
    }).start();
    projector = await startProjector(t.config, { port: 0 });
    store = await t.openLog();
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t?.stop();
    await box.close();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  it("certified in Trust Building while One Mind's pledge is open: the mail names Trust Building's certificate and routes", async () => {
    await appendAgencyEvents(store, 'both-pd', [
      pledge('both-pd', 'one-mind-2023', CONTACT),
      tb(pledge('both-pd', 'trust-building-2022', CONTACT)),
      ...certifiedNow(number),
    ]);
    const mail = await waitFor(async () => box.to(CONTACT)[0], 15_000, 'the certified e-mail');
    expect(mail.headers.get('subject')).toContain(`is certified (${number})`);
    expect(mail.headers.get('subject')).not.toContain('One Mind');
    expect(mail.body).toContain(
      'https://onemind.example/v1/agencies/both-pd/campaigns/trust-building/certificate.pdf',
    );
    const recorded = await waitFor(
      async () =>
        (await eventsOfType(store, 'NotificationSent')).find((e) => e.streamId === 'agency-both-pd'),
      10_000,
      'the NotificationSent',
    );
    expect(recorded.data).toMatchObject({
      notificationId: `certified/${number}`,
      kind: 'certified',
      to: CONTACT,
    });
    expect(recorded.data).not.toHaveProperty('campaignId'); // agency-level bookkeeping
    expect(recorded.metadata.causationId).toBe(notificationJobId(`certified/${number}`));
  }, 40_000);
});
