import type { EventStore } from '#event-store';
import { addDays, addMonths } from '#domain';
import { startProjector, type RunningProjector } from '#projector';
import { mailbox } from './support/mailbox.js';
import { TestApp } from './support/test-app.js';
import { deletePrefix, eventsOfType, isoDay, testPrefix, waitFor } from './support/timers-support.js';

/**
 * Backdated pledges through the whole system: HTTP → log → projector reactor → BullMQ → worker →
 * command → DeadlineReminderSent → reactor → mail job → a real SMTP server.
 */
describe('backdated pledges: one current reminder, e-mailed; a passed deadline lapses (e2e)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const box = mailbox();
  const mails = box.mails;
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;
  const today = isoDay(0);

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

  it('a pledge whose deadline is 5 days away gets exactly the 7-day reminder, e-mailed with what is missing', async () => {
    const staff = await t.token('staff', 'alice@iacp');
    const agency = await t.token('agency', 'chief@soon', 'soon-pd');
    const pledge = (token: string, extra: object) =>
      t.request('POST', '/v1/agencies/soon-pd/pledge', {
        token,
        body: {
          name: 'Soon Police Department',
          region: 'TX',
          signatory: { name: 'Chief Soon', title: 'Chief of Police' },
          contact: { name: 'Lt. Contact', email: 'contact@soon.example' },
          ...extra,
        },
      });
    // A roster first (10 sworn, untrained), in an earlier cycle: the reminder must count them.
    expect((await pledge(agency, {})).status).toBe(201);
    const officers = Array.from({ length: 10 }, (_, i) => ({ officerRef: `s-${i}`, joinedOn: isoDay(-400) }));
    expect(
      (await t.request('POST', '/v1/agencies/soon-pd/officers', { token: agency, body: { officers } }))
        .status,
    ).toBe(200);
    expect(
      (
        await t.request('POST', '/v1/agencies/soon-pd/withdrawal', {
          token: agency,
          body: { reason: 'restart with the migrated date' },
        })
      ).status,
    ).toBe(200);
    const pledgedOn = addDays(addMonths(today, -12), 5);
    const migrated = await pledge(staff, { commitmentMonths: 12, pledgedOn });
    expect(migrated.status).toBe(200);
    const deadline = addMonths(pledgedOn, 12);
    const days = Math.round((Date.parse(deadline) - Date.parse(today)) / 86_400_000);

    const reminders = await waitFor(
      async () => {
        const r = await eventsOfType(store, 'DeadlineReminderSent');
        return r.length ? r : undefined;
      },
      10_000,
      'the reminder',
    );
    const mail = await waitFor(async () => mails[0], 10_000, 'the e-mail');
    await new Promise((r) => setTimeout(r, 1_500)); // no second reminder, no burst of stale ones
    expect(await eventsOfType(store, 'DeadlineReminderSent')).toHaveLength(1);
    expect(reminders[0].data).toMatchObject({ cycle: 2, deadline, offsetDays: 7, daysRemaining: days });
    expect(mails).toHaveLength(1);
    expect(mail.to).toEqual(['contact@soon.example']);
    const text = mail.body;
    expect(mail.headers.get('subject')).toContain(`${days} days left until your deadline of ${deadline}`);
    expect(text).toContain('crisis: 0 of 2 required (2 more officers need crisis-intervention training)');
    expect(text).toContain('coverage: 0 of 10 sworn officers trained (10 without a qualifying class)');
    expect(text).toContain('no active partnership');
  }, 30_000);

  it('a pledge whose deadline has already passed lapses within seconds, without reminders', async () => {
    const staff = await t.token('staff', 'alice@iacp');
    const pledgedOn = addDays(addMonths(today, -12), -1);
    const res = await t.request('POST', '/v1/agencies/gone-pd/pledge', {
      token: staff,
      body: {
        name: 'Gone Police Department',
        signatory: { name: 'Chief Gone', title: 'Chief' },
        contact: { name: 'C', email: 'c@gone.example' },
        commitmentMonths: 12,
        pledgedOn,
      },
    });
    expect(res.status).toBe(201);
    const lapsed = await waitFor(
      async () => (await eventsOfType(store, 'PledgeLapsed')).find((e) => e.streamId === 'agency-gone-pd'),
      10_000,
      'the lapse',
    );
    expect(lapsed.data.deadline).toBe(addMonths(pledgedOn, 12));
    expect(
      (await eventsOfType(store, 'DeadlineReminderSent')).filter((e) => e.streamId === 'agency-gone-pd'),
    ).toEqual([]);
  }, 20_000);
});
