import type { EventStore } from '#event-store';
import type { AgencyEvent } from '#events';
import { startProjector, type RunningProjector } from '#projector';
import { mailbox } from './support/mailbox.js';
import { TestApp } from './support/test-app.js';
import {
  appendAgencyEvents,
  deletePrefix,
  isoDay,
  pledgeTaken,
  testPrefix,
  waitFor,
} from './support/timers-support.js';

const AGENCY = 'two-campaign-pd';
const OM_CONTACT = 'om@two-campaign.example';
const TB_CONTACT = 'tb@two-campaign.example';
const deadline = isoDay(7);

const withContact = (e: AgencyEvent, email: string): AgencyEvent => {
  if (e.type === 'PledgeTaken') e.data.contact = { name: 'Contact', email };
  return e;
};
/** As the decider stamps the events of a campaign that is not the agency's first (CONTRACT.md). */
const tb = (e: AgencyEvent): AgencyEvent =>
  ({ ...e, data: { ...e.data, campaignId: 'trust-building' } }) as unknown as AgencyEvent;
const reminder = (): AgencyEvent => ({
  type: 'DeadlineReminderSent',
  data: {
    cycle: 1,
    deadline,
    offsetDays: 7,
    sentAt: new Date().toISOString(),
    daysRemaining: 7,
    missing: [],
  },
});

/**
 * Issue 18 item 3: a deadline reminder is mailed about the pledge of its own campaign (its contact,
 * its campaign's name), not about the agency's latest pledge. Log → reactor → BullMQ → worker → SMTP.
 */
describe('reminder e-mails of an agency in two campaigns (e2e, real Redis and SMTP)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const box = mailbox();
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;

  beforeAll(async () => {
    t = await new TestApp({ SMTP_URL: await box.listen() }).start();
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

  it("each reminder goes to its own campaign's pledge contact", async () => {
    const tbPledge = pledgeTaken(AGENCY, deadline);
    if (tbPledge.type === 'PledgeTaken') tbPledge.data.ruleSet = 'trust-building-2022';
    await appendAgencyEvents(store, AGENCY, [
      withContact(pledgeTaken(AGENCY, deadline), OM_CONTACT),
      tb(withContact(tbPledge, TB_CONTACT)),
      // One Mind's reminder comes after the Trust Building pledge: still One Mind's contact.
      reminder(),
      tb(reminder()),
    ]);
    const om = await waitFor(async () => box.to(OM_CONTACT)[0], 15_000, "One Mind's reminder");
    const trust = await waitFor(async () => box.to(TB_CONTACT)[0], 15_000, "Trust Building's reminder");
    expect(om.headers.get('subject')).toContain('One Mind Pledge');
    expect(trust.headers.get('subject')).not.toContain('One Mind');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(box.mails).toHaveLength(2);
  }, 40_000);
});
