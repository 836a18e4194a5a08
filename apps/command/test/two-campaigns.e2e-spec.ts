import { PDFParse } from 'pdf-parse';
import type { EventStore } from '#event-store';
import { startProjector, type RunningProjector } from '#projector';
import { evidenceForm, makePdf } from './support/evidence-files.js';
import { agencyRequests } from './support/agency-requests.js';
import { TestApp } from './support/test-app.js';
import { deletePrefix, eventsOfType, isoDay, testPrefix, waitFor } from './support/timers-support.js';

const AGENCY = 'tx-both-campaigns-pd';
const TB = '/campaigns/trust-building';
const OM = '/campaigns/one-mind';
const practiceId = (n: number) => `practice-${String(n).padStart(2, '0')}`;
const pdfText = async (bytes: Buffer) =>
  (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text.replace(/\s+/g, ' ');

/**
 * Issue 18's first Done-when through the whole system (HTTP server, projector, BullMQ document
 * workers on Redis): one agency in both campaigns at once. Certified in One Mind; pledged to Trust
 * Building, refused at 24 of 25 practices with the missing one named, certified at 25; two
 * certificates and two letters, each naming its campaign; both in the public list with their
 * campaign; each campaign's own status on the agency's campaigns and per-campaign state.
 */
describe('one agency through One Mind and the Trust Building Campaign at once (e2e)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;
  let agency: string;
  let staff: string;
  let bytes: Buffer;

  beforeAll(async () => {
    t = await new TestApp().start();
    projector = await startProjector(t.config, { port: 0 });
    store = await t.openLog();
    agency = await t.token('agency', 'chief@both', AGENCY);
    staff = await t.token('staff', 'alice@iacp');
    bytes = await makePdf('Signed and in force');
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
  const pledge = {
    name: 'Both Campaigns Police Department',
    region: 'TX',
    signatory: { name: 'Chief Dana Hall', title: 'Chief of Police' },
    contact: { name: 'Lt. Rivera', email: 'rivera@both.example' },
  };
  const evidence = async (requirement: string) =>
    (
      await ok(
        '/evidence',
        evidenceForm({ bytes, filename: `${requirement}.pdf`, type: 'application/pdf' }, { requirement }),
      )
    ).json.evidenceId as string;
  const documentsIssued = (campaign: string | undefined) =>
    waitFor(
      async () => {
        const [certificates, letters] = await Promise.all([
          eventsOfType(store, 'CertificateIssued'),
          eventsOfType(store, 'PresidentialLetterIssued'),
        ]);
        const mine = (e: { data: { campaignId?: string } }) => e.data.campaignId === campaign;
        return certificates.some(mine) && letters.some(mine);
      },
      30_000,
      `the certificate and letter of ${campaign ?? 'the first campaign'}`,
    );
  const pdf = async (path: string) => {
    const res = await fetch(`${t.baseUrl}/v1/agencies/${AGENCY}${path}`, {
      headers: { authorization: `Bearer ${agency}` },
    });
    expect(res.status).toBe(200);
    return pdfText(Buffer.from(await res.arrayBuffer()));
  };

  it('is certified in One Mind first (the routes without a campaign)', async () => {
    const day = isoDay(-30);
    await ok('/pledge', pledge);
    const partnershipEvidence = await evidence('partnership');
    await ok('/partnerships', {
      partnerName: 'County MHMR',
      partnerType: 'community-mental-health',
      establishedOn: day,
      evidenceIds: [partnershipEvidence],
    });
    const policyEvidence = await evidence('policy');
    await ok('/policies', {
      title: 'Responding to people in crisis',
      version: '1',
      adoptedOn: day,
      effectiveOn: day,
      basedOnIacpModel: true,
      evidenceIds: [policyEvidence],
    });
    const officers = ['o-1', 'o-2', 'o-3', 'o-4', 'o-5'].map((officerRef) => ({ officerRef, joinedOn: day }));
    await ok('/officers', { officers });
    const records = officers.map(({ officerRef }, i) => ({
      officerRef,
      programId: i === 0 ? 'cit' : 'mhfa-public-safety',
      completedOn: day,
    }));
    await ok('/trainings', { records });
    await ok('/submission', {});
    const approved = await ok('/review/approve', {}, staff);
    expect(approved.json.events[0]).toMatchObject({ type: 'CertificationApproved' });
    await documentsIssued(undefined);
  }, 60_000);

  it('pledges to Trust Building as a second campaign; One Mind stays certified', async () => {
    // 200, not 201: the agency's stream exists; the pledge opens a cycle on it.
    expect((await ok(`${TB}/pledge`, pledge)).status).toBe(200);
    const [pledged] = (await store.readStream(`agency-${AGENCY}`)).filter(
      (e) => e.type === 'PledgeTaken' && (e.data as { campaignId?: string }).campaignId === 'trust-building',
    );
    expect(pledged.data).toMatchObject({ ruleSet: 'trust-building-2022', campaignId: 'trust-building' });
    const tb = await read(`/v1/agencies/${AGENCY}${TB}/state`);
    expect(tb).toMatchObject({
      campaignId: 'trust-building',
      status: 'pledged',
      ruleSet: 'trust-building-2022',
    });
    const om = await read(`/v1/agencies/${AGENCY}${OM}/state`);
    expect(om).toMatchObject({ campaignId: 'one-mind', status: 'certified' });
    // The view without a campaign is One Mind's, as it always was.
    expect(await read(`/v1/agencies/${AGENCY}`)).toMatchObject({ status: 'certified' });
    // Pledging again to a campaign the agency is in: refused.
    const again = await post(`${TB}/pledge`, pledge);
    expect([again.status, again.json.code]).toEqual([422, 'already-pledged']);
  });

  it('refuses Trust Building at 24 of 25 practices naming the missing one; submits at 25', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 25; n += 1) ids.push(await evidence(practiceId(n)));
    for (let n = 1; n <= 24; n += 1)
      await ok(`${TB}/practices/${practiceId(n)}`, { implementedOn: isoDay(-10), evidenceIds: [ids[n - 1]] });
    const refused = await post(`${TB}/submission`, {});
    expect([refused.status, refused.json.code]).toEqual([422, 'requirements-not-met']);
    expect(refused.json.errors.map((e: { path: string }) => e.path)).toEqual(['practice-25']);
    await ok(`${TB}/practices/${practiceId(25)}`, { implementedOn: isoDay(-10), evidenceIds: [ids[24]] });
    const submitted = await ok(`${TB}/submission`, { note: 'all 25 in place' });
    expect(submitted.json.events).toEqual([expect.objectContaining({ type: 'CertificationSubmitted' })]);
    expect(await read(`/v1/agencies/${AGENCY}${TB}/state`)).toMatchObject({ status: 'submitted' });
    // Staff's queue shows the second campaign's submission, naming its campaign (agency_campaigns).
    expect(await read('/v1/review-queue', staff)).toEqual([
      expect.objectContaining({ agencyId: AGENCY, campaignId: 'trust-building', status: 'submitted' }),
    ]);
  }, 120_000);

  it('staff accept the 25 practices and approve Trust Building through its routes', async () => {
    // One Mind's routes do not reach Trust Building's submission.
    const wrong = await post('/review/requirements/practice-01', { decision: 'accepted' }, staff);
    expect(wrong.status).toBe(422);
    // Staff see the Trust Building submission on its own review page; the first campaign's is One Mind's.
    const page = await read(`/v1/agencies/${AGENCY}${TB}/review`, staff);
    expect(page).toMatchObject({
      campaignId: 'trust-building',
      status: 'submitted',
      ruleSet: 'trust-building-2022',
    });
    expect(page.review.requirements).toHaveLength(25);
    expect(page.evaluation.atSubmission).toMatchObject({ ruleSet: 'trust-building-2022', met: true });
    expect(await read(`/v1/agencies/${AGENCY}/review`, staff)).toMatchObject({ status: 'certified' });
    for (let n = 1; n <= 25; n += 1)
      await ok(`${TB}/review/requirements/${practiceId(n)}`, { decision: 'accepted' }, staff);
    const reviewed = await read(`/v1/agencies/${AGENCY}${TB}/review`, staff);
    expect(reviewed.review.requirements.every((r: { decision: string }) => r.decision === 'accepted')).toBe(
      true,
    );
    const approved = await ok(`${TB}/review/approve`, {}, staff);
    const year = isoDay(0).slice(0, 4);
    expect(approved.json.events).toEqual([expect.objectContaining({ type: 'CertificationApproved' })]);
    const [approval] = (await eventsOfType(store, 'CertificationApproved')).filter(
      (e) => e.data.campaignId === 'trust-building',
    );
    expect(approval.data.certificateNumber).toBe(`TRUST-BUILDING-${year}-${AGENCY}-1`);
    // The public check finds the second campaign's certificate by its number, naming its campaign.
    const { certificateNumber, verificationCode } = approval.data as { [k: string]: string };
    expect(await read(`/v1/public/certificates/${certificateNumber}?code=${verificationCode}`)).toMatchObject(
      {
        valid: true,
        agencyId: AGENCY,
        campaignId: 'trust-building',
      },
    );
    await documentsIssued('trust-building');
  }, 60_000);

  it('holds two certificates and two letters, each naming its campaign', async () => {
    const omCertificate = await pdf(`${OM}/certificate.pdf`);
    expect(omCertificate).toContain('One Mind');
    expect(omCertificate).toContain('Both Campaigns Police Department');
    const tbCertificate = await pdf(`${TB}/certificate.pdf`);
    expect(tbCertificate).toContain('IACP Trust Building Campaign');
    expect(tbCertificate).not.toContain('One Mind');
    expect(await pdf('/certificate.pdf')).toBe(omCertificate);
    expect(await pdf(`${OM}/letter.pdf`)).toContain('One Mind');
    expect(await pdf(`${TB}/letter.pdf`)).toContain('on completing the IACP Trust Building Campaign');
  }, 60_000);

  it('is listed publicly once per campaign, and its campaigns show both certified', async () => {
    const rows = await waitFor(
      async () => {
        const list = (await read('/v1/public/agencies')) as {
          agencyId: string;
          campaign: string;
          status: string;
        }[];
        const mine = list.filter((a) => a.agencyId === AGENCY && a.status === 'certified');
        return mine.length === 2 ? mine : undefined;
      },
      10_000,
      'both certifications in the public list',
    );
    expect(rows.map((r) => r.campaign).sort()).toEqual(['one-mind', 'trust-building']);
    const only = async (campaign: string) =>
      ((await read(`/v1/public/agencies?campaign=${campaign}`)) as { agencyId: string; campaign: string }[])
        .filter((a) => a.agencyId === AGENCY)
        .map((a) => a.campaign);
    expect(await only('trust-building')).toEqual(['trust-building']);
    expect(await only('one-mind')).toEqual(['one-mind']);
    const stats = await read('/v1/public/stats');
    expect(stats.byCampaign).toEqual({
      'one-mind': { total: 1, certified: 1 },
      'trust-building': { total: 1, certified: 1 },
    });
    expect(stats.total).toBe(1);
    const campaigns = await read(`/v1/agencies/${AGENCY}/campaigns`);
    expect(
      campaigns.items.map((c: { campaignId: string; status: string }) => [c.campaignId, c.status]).sort(),
    ).toEqual([
      ['one-mind', 'certified'],
      ['trust-building', 'certified'],
    ]);
  }, 30_000);
});
