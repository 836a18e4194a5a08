import type { EventStore } from '#event-store';
import { startProjector, type RunningProjector } from '#projector';
import { TestApp } from './support/test-app.js';
import { deletePrefix, eventsOfType, isoDay, testPrefix, waitFor } from './support/timers-support.js';

const AGENCY = 'tx-lewisville-pd';

/**
 * Issue 16 item 2 through the real HTTP server, the projector and the job workers: a review per
 * requirement, the agency reading why it was sent back, a resubmission, and four eyes.
 */
describe('review per requirement and four eyes (e2e)', () => {
  const prefix = testPrefix();
  process.env.ONEMIND_QUEUE_PREFIX = prefix;
  const t = new TestApp({ ONEMIND_FOUR_EYES: 'on' });
  let projector: RunningProjector;
  let store: EventStore;
  let agency: string;
  let alice: string;
  let bob: string;
  let position = '0';
  const today = isoDay(0);

  beforeAll(async () => {
    await t.start();
    projector = await startProjector(t.config, { port: 0 });
    store = await t.openLog();
    agency = await t.token('agency', 'chief@lewisville', AGENCY);
    alice = await t.token('staff', 'alice@iacp');
    bob = await t.token('staff', 'bob@iacp');
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t.stop();
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
  const decide = (requirement: string, body: unknown, token = alice) =>
    post(`/review/requirements/${requirement}`, body, token);

  it('goes from a send-back on the policy, read by the agency, to a second approver under four eyes', async () => {
    await ok(
      '/pledge',
      {
        name: 'Lewisville Police Department',
        region: 'TX',
        signatory: { name: 'Kevin Deaver', title: 'Chief of Police' },
        contact: { name: 'Lt. Ames', email: 'ames@lewisville.example' },
      },
      agency,
    );
    await ok(
      '/partnerships',
      { partnerName: 'Denton County MHMR', partnerType: 'community-mental-health', establishedOn: today },
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
      },
      agency,
    );
    const officers = Array.from({ length: 5 }, (_, i) => ({ officerRef: `l-${i}`, joinedOn: isoDay(-400) }));
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

    // Not under review yet: nothing to decide.
    expect((await decide('policy', { decision: 'accepted' })).json.code).toBe('not-submitted');
    await ok('/submission', { note: 'MOU and policy attached' }, agency);

    // The queue says how long it has waited; the detail has what a reviewer judges.
    const queue = (await read('/v1/review-queue', alice)).json;
    expect(queue).toEqual([
      expect.objectContaining({ agencyId: AGENCY, waitingDays: 0, waitingSince: expect.any(String) }),
    ]);
    const detail = (await read(`/v1/agencies/${AGENCY}/review`, alice)).json;
    expect(detail).toMatchObject({
      agencyId: AGENCY,
      status: 'submitted',
      review: { round: 1, note: 'MOU and policy attached' },
      partnerships: [
        { partnerName: 'Denton County MHMR', establishedOn: today, endedOn: null, activeToday: true },
      ],
      policies: [
        {
          title: 'Crisis response',
          version: 'draft',
          adoptedOn: today,
          effectiveOn: today,
          countsToday: true,
        },
      ],
      roster: { onRoster: 5, sworn: 5, crisisTrained: 1, crisisRequired: 1, covered: 5, uncovered: 0 },
      evaluation: { atSubmission: { met: true, training: { sworn: 5 } }, today: { met: true } },
    });
    expect(detail.review.requirements.map((r: { decision: unknown }) => r.decision)).toEqual([
      null,
      null,
      null,
    ]);
    expect((await read(`/v1/agencies/${AGENCY}/review`, agency)).status).toBe(403);

    // Changes requested on the policy: a message is required; the agency reads it with its own token.
    const noMessage = await decide('policy', { decision: 'changes-requested' });
    expect([noMessage.status, noMessage.json.code]).toEqual([422, 'message-required']);
    expect((await decide('budget', { decision: 'accepted' })).status).toBe(404);
    expect((await decide('policy', { decision: 'accepted' }, agency)).status).toBe(403);
    await ok('/review/requirements/partnership', { decision: 'accepted' }, alice);
    await ok(
      '/review/requirements/policy',
      { decision: 'changes-requested', message: 'Attach the adopted policy, not the draft.' },
      alice,
    );
    const refused = await post('/review/approve', {}, bob);
    expect([refused.status, refused.json.code]).toEqual([422, 'requirement-not-accepted']);
    expect(refused.json.errors).toEqual([
      { path: 'policy', message: 'Attach the adopted policy, not the draft.' },
    ]);

    const seen = (await read(`/v1/agencies/${AGENCY}`, agency)).json;
    expect(seen.status).toBe('submitted');
    expect(seen.review.requirements).toEqual([
      expect.objectContaining({ requirement: 'partnership', decision: 'accepted', decidedBy: 'alice@iacp' }),
      expect.objectContaining({
        requirement: 'policy',
        decision: 'changes-requested',
        message: 'Attach the adopted policy, not the draft.',
        decidedBy: 'alice@iacp',
        decidedAt: expect.any(String),
      }),
      expect.objectContaining({ requirement: 'training', decision: null }),
    ]);

    // Send back without typing the reasons again: they are the decisions' messages.
    const back = await ok('/review/request-changes', {}, alice);
    expect(back.json.events.map((e: { type: string }) => e.type)).toEqual(['CertificationChangesRequested']);
    const [sent] = await eventsOfType(store, 'CertificationChangesRequested');
    expect(sent.data).toEqual({
      cycle: 1,
      reasons: [{ requirement: 'policy', message: 'Attach the adopted policy, not the draft.' }],
    });
    const afterBack = (await read(`/v1/agencies/${AGENCY}`, agency)).json;
    expect(afterBack.status).toBe('changes-requested');
    expect(afterBack.review.requirements[1].message).toBe('Attach the adopted policy, not the draft.');
    expect((await decide('policy', { decision: 'accepted' })).json.code).toBe('not-submitted');

    // The agency fixes the policy and resubmits: round 2, no decisions.
    await ok(
      '/policies',
      {
        title: 'Crisis response',
        version: '2025.1',
        adoptedOn: today,
        effectiveOn: today,
        basedOnIacpModel: true,
      },
      agency,
    );
    await ok('/submission', { note: 'adopted policy attached' }, agency);
    const round2 = (await read(`/v1/agencies/${AGENCY}`, agency)).json.review;
    expect(round2).toMatchObject({ round: 2, note: 'adopted policy attached' });
    expect(round2.requirements.every((r: { decision: unknown }) => r.decision === null)).toBe(true);
    const nothingToSend = await post('/review/request-changes', {}, alice);
    expect([nothingToSend.status, nothingToSend.json.code]).toEqual([422, 'reasons-required']);

    // Alice accepts everything; under four eyes she may not approve alone, Bob may.
    for (const r of ['partnership', 'policy', 'training'])
      await ok(`/review/requirements/${r}`, { decision: 'accepted' }, alice);
    const before = (await eventsOfType(store, 'CertificationApproved')).length;
    const alone = await post('/review/approve', {}, alice);
    expect([alone.status, alone.json.code]).toEqual([422, 'second-approver-required']);
    expect((await eventsOfType(store, 'CertificationApproved')).length).toBe(before);
    const approved = await ok('/review/approve', { note: 'second pair of eyes' }, bob);
    expect(approved.json.events.map((e: { type: string }) => e.type)).toEqual(['CertificationApproved']);

    // The certificate is issued as for any approval.
    const issued = await waitFor(
      async () => (await eventsOfType(store, 'CertificateIssued'))[0],
      15_000,
      'the certificate',
    );
    expect(issued.data).toMatchObject({ cycle: 1 });
    const pdf = await t.request('GET', `/v1/agencies/${AGENCY}/certificate.pdf`, { token: agency });
    expect(pdf.status).toBe(200);
    const view = (await read(`/v1/agencies/${AGENCY}`, agency)).json;
    expect(view.status).toBe('certified');
    expect(view.review.round).toBe(2);
  });
});
