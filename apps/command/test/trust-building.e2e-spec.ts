import { PDFParse } from 'pdf-parse';
import type { EventStore } from '#event-store';
import { startProjector, type RunningProjector } from '#projector';
import { evidenceForm, makePdf } from './support/evidence-files.js';
import { agencyRequests } from './support/agency-requests.js';
import { TestApp } from './support/test-app.js';
import { deletePrefix, eventsOfType, isoDay, testPrefix, waitFor } from './support/timers-support.js';

const AGENCY = 'tx-trust-pd';
const ONE_MIND_AGENCY = 'tx-onemind-pd';
const TB = '/campaigns/trust-building';
const practiceId = (n: number) => `practice-${String(n).padStart(2, '0')}`;
const pdfText = async (bytes: Buffer) =>
  (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text.replace(/\s+/g, ' ');

/**
 * Issue 18 item 2 through the whole system (HTTP server, projector, BullMQ document workers on
 * Redis): an agency pledges to the Trust Building Campaign, records 24 practices with evidence, is
 * refused a submission naming the 25th, records it, submits; staff accept every practice and
 * approve; the certificate and letter name the campaign, and the public list shows the agency
 * under `campaign=trust-building`. A One Mind agency is refused the campaign's routes (409).
 */
describe('an agency through the Trust Building Campaign (e2e)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;
  let agency: string;
  let staff: string;

  beforeAll(async () => {
    t = await new TestApp().start();
    projector = await startProjector(t.config, { port: 0 });
    store = await t.openLog();
    agency = await t.token('agency', 'chief@trust', AGENCY);
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
  const pledge = (name: string) => ({
    name,
    region: 'TX',
    signatory: { name: 'Chief Dana Hall', title: 'Chief of Police' },
    contact: { name: 'Lt. Rivera', email: 'rivera@trust.example' },
  });
  let bytes: Buffer;
  const implement = async (n: number) => {
    const evidence = await ok(
      '/evidence',
      evidenceForm(
        { bytes, filename: `practice-${n}.pdf`, type: 'application/pdf' },
        { requirement: practiceId(n) },
      ),
    );
    const evidenceId = evidence.json.evidenceId as string;
    const body = { implementedOn: '2024-06-01', evidenceIds: [evidenceId], note: `practice ${n} in place` };
    const res = await ok(`${TB}/practices/${practiceId(n)}`, body);
    expect(res.json.events.map((e: { type: string }) => e.type)).toEqual(['PracticeImplemented']);
    return evidenceId;
  };

  it('pledges through the campaign route, to the rule set in force', async () => {
    bytes = await makePdf('Policy adopted and published');
    const res = await ok(`${TB}/pledge`, pledge('Trust Police Department'));
    expect(res.status).toBe(201);
    const view = await read(`/v1/agencies/${AGENCY}`);
    expect(view).toMatchObject({ status: 'pledged', ruleSet: 'trust-building-2022' });
    expect(view.practices).toHaveLength(25);
    expect(view.practices[0]).toEqual({
      practiceId: 'practice-01',
      number: 1,
      focusArea: 'Bias-Free Policing',
      implementedOn: null,
      evidenceIds: [],
      note: null,
      met: false,
    });
  });

  it('refuses a One Mind agency the campaign routes (409), an unknown campaign (404), a practice it lacks (404)', async () => {
    const chief = await t.token('agency', 'chief@onemind', ONE_MIND_AGENCY);
    expect((await post('/pledge', pledge('One Mind Police Department'), chief, ONE_MIND_AGENCY)).status).toBe(
      201,
    );
    const practice = { implementedOn: '2024-06-01' };
    const refused = await post(`${TB}/practices/practice-01`, practice, chief, ONE_MIND_AGENCY);
    expect([refused.status, refused.json.code]).toEqual([409, 'campaign-not-joined']);
    expect(refused.json.detail ?? refused.json.title).toMatch(
      /has not pledged to IACP Trust Building Campaign/,
    );
    const submit = await post(`${TB}/submission`, {}, chief, ONE_MIND_AGENCY);
    expect([submit.status, submit.json.code]).toEqual([409, 'campaign-not-joined']);
    const unknown = await post('/campaigns/no-such/practices/practice-01', practice, chief, ONE_MIND_AGENCY);
    expect([unknown.status, unknown.json.code]).toEqual([404, 'campaign-not-found']);
    const lacking = await post(`${TB}/practices/practice-26`, practice);
    expect([lacking.status, lacking.json.code]).toEqual([404, 'practice-not-found']);
    const future = await post(`${TB}/practices/practice-01`, { implementedOn: isoDay(3) });
    expect([future.status, future.json.code]).toEqual([422, 'date-in-future']);
    const noEvidence = await post(`${TB}/practices/practice-01`, {
      implementedOn: '2024-06-01',
      evidenceIds: ['x'],
    });
    expect([noEvidence.status, noEvidence.json.code]).toEqual([422, 'evidence-not-found']);
    // Evidence may back a practice of the agency's own rule set only; a One Mind agency has none.
    const upload = (requirement: string, token = agency, agencyId = AGENCY) =>
      post(
        '/evidence',
        evidenceForm({ bytes, filename: 'p.pdf', type: 'application/pdf' }, { requirement }),
        token,
        agencyId,
      );
    const oneMindUpload = await upload('practice-01', chief, ONE_MIND_AGENCY);
    expect([oneMindUpload.status, oneMindUpload.json.code]).toEqual([422, 'invalid-evidence']);
    expect((await upload('practice-26')).json.code).toBe('invalid-evidence');
    const malformed = await upload('practice-x');
    expect([malformed.status, malformed.json.errors?.[0]?.path]).toEqual([400, 'requirement']);
  });

  it('refuses the submission while a practice is missing, naming it; submits once all 25 are in place', async () => {
    for (let n = 1; n <= 24; n += 1) await implement(n);
    const refused = await post(`${TB}/submission`, {});
    expect([refused.status, refused.json.code]).toEqual([422, 'requirements-not-met']);
    expect(refused.json.errors).toEqual([
      {
        path: 'practice-25',
        message: expect.stringMatching(/^practice 25 \(Community Relations\) not yet in place: \S/),
      },
    ]);
    // Today's routes mean One Mind: this agency's submission is refused there.
    const oneMind = await post('/submission', {});
    expect([oneMind.status, oneMind.json.code]).toEqual([409, 'campaign-not-joined']);

    const last = await implement(25);
    const view = await read(`/v1/agencies/${AGENCY}`);
    expect(view.practices.every((p: { met: boolean }) => p.met)).toBe(true);
    expect(view.practices[24]).toMatchObject({
      practiceId: 'practice-25',
      implementedOn: '2024-06-01',
      evidenceIds: [last],
    });
    expect(view.verdicts).toHaveLength(25);
    expect(view.verdicts.every((v: { met: boolean; missing: null }) => v.met && v.missing === null)).toBe(
      true,
    );
    expect(view.evidence).toMatchObject({ 'practice-01': 1, 'practice-25': 1 });
    // The fold (the auditor's state) and the read model say the same of the practices.
    const folded = await read(`/v1/agencies/${AGENCY}/state`, staff);
    expect([folded.practices, folded.verdicts]).toEqual([view.practices, view.verdicts]);
    const submitted = await ok(`${TB}/submission`, { note: 'all 25 in place' });
    expect(submitted.json.events.map((e: { type: string }) => e.type)).toEqual(['CertificationSubmitted']);
  }, 60_000);

  it('staff accept each practice; approval waits for all 25, then the documents name the campaign', async () => {
    for (let n = 1; n <= 24; n += 1)
      await ok(`/review/requirements/${practiceId(n)}`, { decision: 'accepted' }, staff);
    const early = await post('/review/approve', {}, staff);
    expect([early.status, early.json.code]).toEqual([422, 'requirement-not-accepted']);
    expect(early.json.errors).toEqual([{ path: 'practice-25', message: 'not yet accepted' }]);
    await ok('/review/requirements/practice-25', { decision: 'accepted' }, staff);
    const review = (await read(`/v1/agencies/${AGENCY}`)).review;
    expect(review.requirements).toHaveLength(25);
    expect(review.requirements.every((r: { decision: string }) => r.decision === 'accepted')).toBe(true);
    const approved = await ok('/review/approve', {}, staff);
    expect(approved.json.events.map((e: { type: string }) => e.type)).toEqual(['CertificationApproved']);

    for (const type of ['CertificateIssued', 'PresidentialLetterIssued'] as const)
      await waitFor(async () => (await eventsOfType(store, type))[0], 30_000, type);
    const get = (path: string) =>
      fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/${path}`, { headers: { authorization: `Bearer ${agency}` } });
    const certificate = await get('certificate.pdf');
    expect(certificate.status).toBe(200);
    const certText = await pdfText(Buffer.from(await certificate.arrayBuffer()));
    expect(certText).toContain('IACP Trust Building Campaign');
    expect(certText).toContain('Trust Police Department');
    expect(certText).not.toContain('One Mind');
    const letterText = await pdfText(Buffer.from(await (await get('letter.pdf')).arrayBuffer()));
    expect(letterText).toContain('on completing the IACP Trust Building Campaign');
  }, 60_000);

  it('the public list shows the agency under campaign=trust-building only', async () => {
    const ids = async (campaign: string) =>
      (await read(`/v1/public/agencies?campaign=${campaign}`)).map((a: { agencyId: string }) => a.agencyId);
    const listed = await waitFor(
      async () => {
        const list = await read('/v1/public/agencies?campaign=trust-building');
        return list.find(
          (a: { agencyId: string; status: string }) => a.agencyId === AGENCY && a.status === 'certified',
        );
      },
      10_000,
      'the certified agency in the public list',
    );
    expect(listed).toMatchObject({ campaign: 'trust-building' });
    expect(await ids('trust-building')).toEqual([AGENCY]);
    expect(await ids('one-mind')).toEqual([ONE_MIND_AGENCY]);
  });
});
