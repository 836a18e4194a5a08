import type { EventStore } from '#event-store';
import type { AgencyEvent, RuleSetId } from '#events';
import { startProjector, type RunningProjector } from '#projector';
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

/** As the decider stamps the events of a campaign that is not the agency's first (CONTRACT.md). */
const of = (campaignId: string | undefined, e: AgencyEvent): AgencyEvent =>
  campaignId === undefined ? e : ({ ...e, data: { ...e.data, campaignId } } as unknown as AgencyEvent);
const pledge = (agencyId: string, ruleSet: RuleSetId, deadline: string, campaignId?: string) => {
  const e = pledgeTaken(agencyId, deadline, isoDay(-1300));
  if (e.type === 'PledgeTaken') e.data.ruleSet = ruleSet;
  return of(campaignId, e);
};
const dataOf = async (store: EventStore, type: string, agencyId: string) =>
  (await eventsOfType(store, type)).filter((e) => e.streamId === `agency-${agencyId}`).map((e) => e.data);

/**
 * Issue 18 item 3: the timers of an agency in two campaigns act each on its own campaign's cycle,
 * whichever campaign the agency joined first. Log → reactor → BullMQ → worker → decider → log.
 */
describe('due timers of an agency in two campaigns (e2e, real Redis)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;
  const past = isoDay(-1);
  const TB = 'trust-building';
  const number = `TRUST-BUILDING-${isoDay(-1200).slice(0, 4)}-cert-pd-1`;

  beforeAll(async () => {
    t = new TestApp();
    store = await t.openLog();
    // Trust Building first (its events name no campaign), One Mind joined later: both deadlines passed.
    await appendAgencyEvents(store, 'tb-first-pd', [
      pledge('tb-first-pd', 'trust-building-2022', past),
      pledge('tb-first-pd', 'one-mind-2023', past, 'one-mind'),
    ]);
    // One Mind first, still open; Trust Building's deadline passed.
    await appendAgencyEvents(store, 'om-first-pd', [
      pledge('om-first-pd', 'one-mind-2023', isoDay(300)),
      pledge('om-first-pd', 'trust-building-2022', past, TB),
    ]);
    // One Mind open; a Trust Building certificate whose 36 months ran out.
    const effectiveOn = isoDay(-1200);
    await appendAgencyEvents(store, 'cert-pd', [
      pledge('cert-pd', 'one-mind-2023', isoDay(300)),
      pledge('cert-pd', 'trust-building-2022', isoDay(-1000), TB),
      ...[
        {
          type: 'CertificationSubmitted',
          data: { cycle: 1, submittedAt: `${effectiveOn}T00:00:00Z`, evaluation: {} as never },
        },
        {
          type: 'CertificationApproved',
          data: {
            cycle: 1,
            certificateNumber: number,
            verificationCode: 'C',
            effectiveOn,
            approvedAt: `${effectiveOn}T09:00:00Z`,
            withoutDocuments: true,
          },
        },
      ].map((e) => of(TB, e as AgencyEvent)),
    ]);
    await t.start();
    projector = await startProjector(t.config, { port: 0 });
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t?.stop();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  it('each lapse lapses its own cycle, also when the first campaign is not One Mind', async () => {
    await waitFor(
      async () => (await dataOf(store, 'PledgeLapsed', 'tb-first-pd')).length === 2,
      20_000,
      'both pledges of tb-first-pd to lapse',
    );
    const campaigns = (await dataOf(store, 'PledgeLapsed', 'tb-first-pd')).map((d) => d.campaignId);
    expect(campaigns.sort()).toEqual(['one-mind', undefined]);
    await waitFor(
      async () => (await dataOf(store, 'PledgeLapsed', 'om-first-pd')).length === 1,
      10_000,
      "om-first-pd's Trust Building pledge to lapse",
    );
    expect((await dataOf(store, 'PledgeLapsed', 'om-first-pd'))[0]).toMatchObject({ campaignId: TB });
  }, 40_000);

  it("a non-primary campaign's certificate expires in its own cycle", async () => {
    const [expired] = await waitFor(
      async () => {
        const found = await dataOf(store, 'CertificationExpired', 'cert-pd');
        return found.length ? found : undefined;
      },
      20_000,
      "cert-pd's Trust Building certificate to expire",
    );
    expect(expired).toMatchObject({ campaignId: TB, certificateNumber: number });
    // One Mind's pledge, still open, was not touched.
    expect(await dataOf(store, 'PledgeLapsed', 'cert-pd')).toEqual([]);
  }, 30_000);
});
