import { PDFParse } from 'pdf-parse';
import type { EventStore } from '#event-store';
import { startProjector, type RunningProjector } from '#projector';
import { thirdCampaignData } from '#testing';
import { evidenceForm, makePdf } from './support/evidence-files.js';
import { agencyRequests } from './support/agency-requests.js';
import { TestApp } from './support/test-app.js';
import { deletePrefix, eventsOfType, testPrefix, waitFor } from './support/timers-support.js';

const AGENCY = 'tx-wellness-pd';
const CAMPAIGN = '/campaigns/officer-wellness';
const pdfText = async (bytes: Buffer) =>
  (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text.replace(/\s+/g, ' ');

/**
 * Issue 18: "adding a third campaign in a test needs a data file and no code change". Staff publish
 * libs/testing/src/third-campaign.json (a partnership, a policy and two practices); an agency then
 * goes through it end to end on the real system — HTTP, projector, BullMQ document workers on
 * Redis — judged, reviewed and certified by that data alone.
 */
describe('a third campaign from a data file (e2e)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;
  let agency: string;
  let staff: string;

  beforeAll(async () => {
    t = await new TestApp().start();
    store = await t.openLog();
    agency = await t.token('agency', 'chief@wellness', AGENCY);
    staff = await t.token('staff', 'alice@iacp');
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t?.stop();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  const { post, ok, read } = agencyRequests(
    () => t,
    AGENCY,
    () => agency,
  );

  it('is unknown until staff publish it; then it can be pledged to', async () => {
    const pledge = {
      name: 'Wellness Police Department',
      region: 'TX',
      signatory: { name: 'Chief Dana Hall', title: 'Chief of Police' },
      contact: { name: 'Lt. Rivera', email: 'rivera@wellness.example' },
    };
    const before = await post(`${CAMPAIGN}/pledge`, pledge);
    expect([before.status, before.json.code]).toEqual([404, 'campaign-not-found']);
    expect((await t.request('GET', '/v1/public/agencies?campaign=officer-wellness')).status).toBe(400);

    const published = await t.request('POST', '/v1/campaigns', { token: staff, body: thirdCampaignData() });
    expect(published.status).toBe(200);
    // The projector starts after the publication, from its checkpoint: it learns the campaign from the log.
    projector = await startProjector(t.config, { port: 0 });

    const res = await ok(`${CAMPAIGN}/pledge`, pledge);
    expect(res.status).toBe(201);
    const view = await read(`/v1/agencies/${AGENCY}`);
    expect(view).toMatchObject({ status: 'pledged', ruleSet: 'officer-wellness-2026' });
    // Its commitment and reminders are the data's: 24 months by default.
    expect(view.deadline).toBe(addMonths(res.json.events[0].data?.pledgedOn ?? view.pledgedOn, 24));
  });

  it('is judged by the data: the submission names what is missing until everything is in place', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await ok('/partnerships', {
      partnerName: 'County Peer Support Network',
      partnerType: 'community-health',
      establishedOn: today,
    });
    await ok('/policies', {
      title: 'Employee Wellness',
      version: '1.0',
      adoptedOn: today,
      effectiveOn: today,
      basedOnIacpModel: false,
    });
    const bytes = await makePdf('Wellness programme in place');
    const implement = async (practiceId: string) => {
      const form = evidenceForm(
        { bytes, filename: `${practiceId}.pdf`, type: 'application/pdf' },
        { requirement: practiceId },
      );
      const evidenceId = (await ok('/evidence', form)).json.evidenceId as string;
      await ok(`${CAMPAIGN}/practices/${practiceId}`, { implementedOn: today, evidenceIds: [evidenceId] });
    };
    await implement('practice-01');
    const refused = await post(`${CAMPAIGN}/submission`, {});
    expect([refused.status, refused.json.code]).toEqual([422, 'requirements-not-met']);
    expect(refused.json.errors.map((e: { path: string }) => e.path)).toEqual(['practice-02']);
    await implement('practice-02');
    const submitted = await ok(`${CAMPAIGN}/submission`, {});
    expect(submitted.json.events.map((e: { type: string }) => e.type)).toEqual(['CertificationSubmitted']);
  });

  it('is reviewed item by item and certified; the documents and the public list name it', async () => {
    for (const item of ['partnership', 'policy', 'practice-01', 'practice-02'])
      await ok(`/review/requirements/${item}`, { decision: 'accepted' }, staff);
    const approved = await ok('/review/approve', {}, staff);
    expect(approved.json.events.map((e: { type: string }) => e.type)).toEqual(['CertificationApproved']);
    await waitFor(async () => (await eventsOfType(store, 'CertificateIssued'))[0], 30_000, 'the certificate');
    const certificate = await fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/certificate.pdf`, {
      headers: { authorization: `Bearer ${agency}` },
    });
    expect(certificate.status).toBe(200);
    const text = await pdfText(Buffer.from(await certificate.arrayBuffer()));
    expect(text).toContain(thirdCampaignData().title);
    expect(text).not.toContain('One Mind');
    const listed = await waitFor(
      async () =>
        (
          (await read('/v1/public/agencies?campaign=officer-wellness')) as {
            agencyId: string;
            status: string;
          }[]
        ).find((a) => a.agencyId === AGENCY && a.status === 'certified'),
      10_000,
      'the certified agency in the public list',
    );
    expect(listed).toMatchObject({ campaign: 'officer-wellness' });
    // The agency's campaigns: this one, certified.
    const campaigns = await read(`/v1/agencies/${AGENCY}/campaigns`);
    expect(campaigns.items).toEqual([
      expect.objectContaining({
        campaignId: 'officer-wellness',
        title: thirdCampaignData().title,
        ruleSet: 'officer-wellness-2026',
        status: 'certified',
        certificate: expect.objectContaining({ number: expect.any(String) }),
      }),
    ]);
    const other = await t.token('agency', 'chief@other', 'tx-other-pd');
    expect((await t.request('GET', `/v1/agencies/${AGENCY}/campaigns`, { token: other })).status).toBe(403);
    // Certified for the data's 24 months.
    const view = await read(`/v1/agencies/${AGENCY}`);
    expect(view.certification?.expiresOn ?? view.certificate?.expiresOn).toBe(
      addMonths(view.certification?.effectiveOn ?? view.certificate?.effectiveOn, 24),
    );
  }, 60_000);
});

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
