import type { EventStore } from '#event-store';
import { startProjector, type RunningProjector } from '#projector';
import { evidenceForm, makePdf } from './support/evidence-files.js';
import { mailbox } from './support/mailbox.js';
import { TestApp } from './support/test-app.js';
import { deletePrefix, eventsOfType, isoDay, testPrefix, waitFor } from './support/timers-support.js';

const AGENCY = 'tx-journey-pd';
const CONTACT = 'ames@journey.example';
const MESSAGE = 'The attached policy is a draft: attach the policy as adopted, signed by the chief.';

/**
 * Issue 16's "Done when", through the API only (real HTTP server, projector, workers, Redis and a
 * real SMTP server): evidence for partnership and policy, a submission, changes requested on the
 * policy — read by the agency and mailed to its contact —, new evidence, a resubmission, one staff
 * member accepting everything, four eyes refusing him and taking a second, the certificate issued.
 */
describe('a certification with evidence, review, a send-back e-mail and four eyes (e2e)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const box = mailbox();
  let t: TestApp;
  let projector: RunningProjector;
  let store: EventStore;
  let agency: string;
  let alice: string;
  let bob: string;
  let position = '0';
  const today = isoDay(0);

  beforeAll(async () => {
    t = await new TestApp({ ONEMIND_FOUR_EYES: 'on', SMTP_URL: await box.listen() }).start();
    projector = await startProjector(t.config, { port: 0 });
    store = await t.openLog();
    agency = await t.token('agency', 'chief@journey', AGENCY);
    alice = await t.token('staff', 'alice@iacp');
    bob = await t.token('staff', 'bob@iacp');
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t?.stop();
    await box.close();
    await deletePrefix(prefix);
    delete process.env.ONEMIND_QUEUE_PREFIX;
  });

  const post = async (path: string, body: unknown, token: string) => {
    const res = await t.request('POST', `/v1/agencies/${AGENCY}${path}`, { token, body });
    if (res.status < 300) position = res.json.position;
    return res;
  };
  const ok = async (path: string, body: unknown, token: string) => {
    const res = await post(path, body, token);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res;
  };
  const read = (path: string, token: string) =>
    t.request('GET', path, { token, headers: { 'x-min-position': position } });
  const attach = async (requirement: string, text: string, filename: string) => {
    const bytes = await makePdf(text);
    const res = await ok(
      '/evidence',
      evidenceForm({ bytes, filename, type: 'application/pdf' }, { requirement }),
      agency,
    );
    return { evidenceId: res.json.evidenceId as string, bytes };
  };

  it('goes from evidence to a certificate, the send-back read on the page and in the mailbox', async () => {
    await ok(
      '/pledge',
      {
        name: 'Journey Police Department',
        region: 'TX',
        signatory: { name: 'Kevin Deaver', title: 'Chief of Police' },
        contact: { name: 'Lt. Ames', email: CONTACT },
      },
      agency,
    );
    const mou = await attach('partnership', 'Memorandum of understanding with Denton County MHMR', 'mou.pdf');
    const draft = await attach('policy', 'Crisis response policy (draft)', 'policy-draft.pdf');
    await ok(
      '/partnerships',
      {
        partnerName: 'Denton County MHMR',
        partnerType: 'community-mental-health',
        establishedOn: today,
        evidenceIds: [mou.evidenceId],
      },
      agency,
    );
    await ok(
      '/policies',
      {
        title: 'Crisis response',
        version: 'draft',
        adoptedOn: today,
        effectiveOn: today,
        basedOnIacpModel: true,
        evidenceIds: [draft.evidenceId],
      },
      agency,
    );
    const officers = Array.from({ length: 5 }, (_, i) => ({ officerRef: `j-${i}`, joinedOn: isoDay(-400) }));
    await ok('/officers', { officers }, agency);
    await ok(
      '/trainings',
      {
        records: officers.map((o, i) => ({
          officerRef: o.officerRef,
          programId: i ? 'mhfa' : 'cit',
          completedOn: today,
        })),
      },
      agency,
    );
    await ok('/submission', { note: 'MOU and policy attached' }, agency);

    // The reviewer sees the documents behind each requirement and downloads the exact bytes.
    const detail = (await read(`/v1/agencies/${AGENCY}/review`, alice)).json;
    expect(detail.evidence.partnership.map((e: { evidenceId: string }) => e.evidenceId)).toEqual([
      mou.evidenceId,
    ]);
    expect(detail.evidence.policy.map((e: { evidenceId: string }) => e.evidenceId)).toEqual([
      draft.evidenceId,
    ]);
    const download = await fetch(`${t.baseUrl}/v1/agencies/${AGENCY}/evidence/${draft.evidenceId}`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(draft.bytes)).toBe(true);

    // Changes requested on the policy, with a message; the submission goes back to the agency.
    await ok('/review/requirements/partnership', { decision: 'accepted' }, alice);
    await ok('/review/requirements/policy', { decision: 'changes-requested', message: MESSAGE }, alice);
    await ok('/review/requirements/training', { decision: 'accepted' }, alice);
    await ok('/review/request-changes', {}, alice);

    // The agency reads why on its own page...
    const seen = (await read(`/v1/agencies/${AGENCY}`, agency)).json;
    expect(seen.status).toBe('changes-requested');
    expect(seen.evidence).toEqual({ partnership: 1, policy: 1 });
    expect(seen.review.requirements).toContainEqual(
      expect.objectContaining({ requirement: 'policy', decision: 'changes-requested', message: MESSAGE }),
    );
    // ...and its contact has it by e-mail, the requirement named in words.
    const mail = await waitFor(async () => box.to(CONTACT)[0], 15_000, 'the changes-requested e-mail');
    expect(mail.headers.get('subject')).toContain('changes requested');
    expect(mail.body).toContain(`Policy: ${MESSAGE}`);

    // New policy evidence, the adopted version, and a resubmission (round 2).
    const adopted = await attach('policy', 'Crisis response policy, adopted and signed', 'policy-2025.pdf');
    await ok(
      '/policies',
      {
        title: 'Crisis response',
        version: '2025.1',
        adoptedOn: today,
        effectiveOn: today,
        basedOnIacpModel: true,
        evidenceIds: [adopted.evidenceId],
      },
      agency,
    );
    await ok('/submission', { note: 'adopted policy attached' }, agency);
    expect((await read(`/v1/agencies/${AGENCY}`, agency)).json.evidence).toEqual({
      partnership: 1,
      policy: 2,
    });

    // One staff member accepts every requirement; under four eyes he may not approve alone.
    for (const r of ['partnership', 'policy', 'training'])
      await ok(`/review/requirements/${r}`, { decision: 'accepted' }, alice);
    const alone = await post('/review/approve', {}, alice);
    expect([alone.status, alone.json.code]).toEqual([422, 'second-approver-required']);
    expect(await eventsOfType(store, 'CertificationApproved')).toHaveLength(0);
    const approved = await ok('/review/approve', {}, bob);
    expect(approved.json.events.map((e: { type: string }) => e.type)).toEqual(['CertificationApproved']);

    const issued = await waitFor(
      async () => (await eventsOfType(store, 'CertificateIssued'))[0],
      20_000,
      'the certificate',
    );
    expect(issued.data).toMatchObject({ cycle: 1 });
    const pdf = await t.request('GET', `/v1/agencies/${AGENCY}/certificate.pdf`, { token: agency });
    expect(pdf.status).toBe(200);
  }, 60_000);
});
