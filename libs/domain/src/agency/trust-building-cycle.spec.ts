import type { AgencyEvent } from '#events';
import { agencyDecider } from './agency.decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import {
  agencyCtx as ctx,
  approved,
  evidence,
  partnership,
  pledgeCommand,
  pledged,
  policy,
  roster,
} from '../testing/agency-fixtures.js';
import { practiceId } from '../campaigns/trust-building.js';
import { ruleSet, ruleSetInForce } from '../rule-sets.js';

/**
 * Issue 18 item 2: the Trust Building Campaign usable end to end on one agency's stream. The agency
 * pledges through the campaign's route, records its 25 practices with evidence, submits, staff
 * accept each practice and approve. One stream holds one campaign's cycle for now.
 */
const spec = deciderSpec(agencyDecider);
const TB = 'trust-building';
const tbPledged = (extra = {}) => pledged({ ruleSet: 'trust-building-2022', ...extra });
const implement = (n: number, extra: Partial<{ implementedOn: string; evidenceIds: string[] }> = {}) => ({
  type: 'ImplementPractice' as const,
  data: {
    campaignId: TB,
    practiceId: practiceId(n),
    implementedOn: '2025-01-10',
    evidenceIds: ['ev-1'],
    ...extra,
  },
});
const implemented = (n: number, evidenceIds = ['ev-1'], implementedOn = '2025-01-10'): AgencyEvent => ({
  type: 'PracticeImplemented',
  data: { practiceId: practiceId(n), implementedOn, evidenceIds },
});
const allBut = (...missing: number[]) =>
  Array.from({ length: 25 }, (_, i) => i + 1)
    .filter((n) => !missing.includes(n))
    .map((n) => implemented(n));
const later = (role: 'agency' | 'staff', sub = 'u1') =>
  ctx(role, '2025-09-01T10:00:00.000Z', undefined, { sub });

describe('ruleSetInForce and the pledgeable rule sets', () => {
  it('knows trust-building-2022 and keeps One Mind the default campaign', () => {
    expect(ruleSet('trust-building-2022').requirements).toHaveLength(25);
    expect(ruleSetInForce('2025-01-15').id).toBe('one-mind-2023');
    expect(ruleSetInForce('2020-01-15').id).toBe('one-mind-2016');
    expect(ruleSetInForce('2025-01-15', TB).id).toBe('trust-building-2022');
    // Before its first version: the first.
    expect(ruleSetInForce('2020-01-15', TB).id).toBe('trust-building-2022');
    expect(() => ruleSetInForce('2025-01-15', 'nope')).toThrow(/no pledgeable rule set/);
  });
});

describe('TakePledge on a campaign route', () => {
  it("pledges to the campaign's rule set in force on the pledge day", () => {
    spec
      .given([])
      .when(pledgeCommand({ campaignId: TB }), ctx('agency'))
      .then([tbPledged()]);
  });
  it('without a campaign (the One Mind routes) is exactly as before', () => {
    spec.given([]).when(pledgeCommand(), ctx('agency')).then([pledged()]);
    spec
      .given([])
      .when(pledgeCommand({ campaignId: 'one-mind' }), ctx('agency'))
      .then([pledged()]);
  });
  it("refuses a staff-given rule set of another campaign (422) and an unknown campaign (404); opens a second campaign's cycle", () => {
    const e = spec
      .given([])
      .when(pledgeCommand({ campaignId: TB, ruleSet: 'one-mind-2023' }), ctx('staff'))
      .thenThrows('rule-set-not-in-campaign');
    expect(e.errors).toEqual([{ path: 'ruleSet', message: 'not a rule set of trust-building' }]);
    spec
      .given([])
      .when(pledgeCommand({ campaignId: 'no-such' }), ctx('agency'))
      .thenThrows('campaign-not-found');
    // An agency may take part in several campaigns (issue 18 item 3): a One Mind agency pledging to
    // Trust Building opens a second cycle, its events named by the campaign; not twice, though.
    spec
      .given([pledged()])
      .when(pledgeCommand({ campaignId: TB }), ctx('agency'))
      .then([tbPledged({ campaignId: TB })]);
    spec
      .given([pledged(), tbPledged({ campaignId: TB })])
      .when(pledgeCommand({ campaignId: TB }), ctx('agency'))
      .thenThrows('already-pledged');
    // A Trust Building agency pledging through a One Mind route joins One Mind as its second campaign.
    spec
      .given([tbPledged()])
      .when(pledgeCommand(), ctx('agency'))
      .then([pledged({ campaignId: 'one-mind' })]);
  });
});

describe('ImplementPractice', () => {
  it('records the practice with its evidence; a later record supersedes it in the state', () => {
    spec
      .given([tbPledged(), evidence('ev-1')])
      .when(implement(3, { implementedOn: '2024-06-01' }), ctx('agency'))
      .then([implemented(3, ['ev-1'], '2024-06-01')]);
    const again = agencyDecider.evolve(
      agencyDecider.evolve(agencyDecider.initialState(), implemented(3, ['ev-1'], '2024-06-01')),
      implemented(3, ['ev-2'], '2025-01-01'),
    );
    // Before a pledge nothing records one; evolve only shows the supersession.
    expect(again.practices.get(practiceId(3))).toEqual({
      implementedOn: '2025-01-01',
      evidenceIds: ['ev-2'],
    });
  });
  it('keeps a note, drops a blank one, and records no evidence as an empty list', () => {
    const note = { ...implement(1).data, evidenceIds: undefined, note: 'adopted by the chief' };
    spec
      .given([tbPledged()])
      .when({ type: 'ImplementPractice', data: note }, ctx('staff'))
      .then([
        {
          type: 'PracticeImplemented',
          data: {
            practiceId: 'practice-01',
            implementedOn: '2025-01-10',
            evidenceIds: [],
            note: 'adopted by the chief',
          },
        },
      ]);
    spec
      .given([tbPledged(), evidence('ev-1')])
      .when({ type: 'ImplementPractice', data: { ...implement(1).data, note: '  ' } }, ctx('agency'))
      .then([implemented(1)]);
  });
  it('refuses a practice the rule set lacks (404), unknown evidence, a future date, before a pledge', () => {
    const given = [tbPledged(), evidence('ev-1')];
    const e = spec
      .given(given)
      .when(
        { type: 'ImplementPractice', data: { ...implement(1).data, practiceId: 'practice-26' } },
        ctx('agency'),
      )
      .thenThrows('practice-not-found');
    expect(e.errors).toEqual([{ path: 'practiceId', message: 'one of practice-01 … practice-25' }]);
    spec
      .given(given)
      .when(implement(1, { evidenceIds: ['ev-1', 'ev-9'] }), ctx('agency'))
      .thenThrows('evidence-not-found');
    spec
      .given(given)
      .when(implement(1, { implementedOn: '2025-01-16' }), ctx('agency'))
      .thenThrows('date-in-future');
    spec.given([]).when(implement(1), ctx('agency')).thenThrows('agency-not-found');
  });
  it('refuses a One Mind agency (409 campaign-not-joined) and an unknown campaign (404)', () => {
    const e = spec.given([pledged()]).when(implement(1), ctx('agency')).thenThrows('campaign-not-joined');
    expect(e.message).toBe(
      'this agency has not pledged to IACP Trust Building Campaign; it takes part in one-mind',
    );
    spec
      .given([tbPledged()])
      .when({ type: 'ImplementPractice', data: { ...implement(1).data, campaignId: 'x' } }, ctx('agency'))
      .thenThrows('campaign-not-found');
  });
  it('is a record of the agency: accepted in any status once pledged, like a partnership', () => {
    spec
      .given([tbPledged(), evidence('ev-1'), ...allBut(), submittedTb(), approved()])
      .when(implement(2), later('agency'))
      .thenMatch((events) => expect(events.map((e) => e.type)).toEqual(['PracticeImplemented']));
  });
});

function submittedTb(): AgencyEvent {
  return {
    type: 'CertificationSubmitted',
    data: {
      cycle: 1,
      submittedAt: '2025-08-01T10:00:00.000Z',
      evaluation: {
        evaluatedOn: '2025-08-01',
        ruleSet: 'trust-building-2022',
        met: true,
        partnership: { met: true, active: 0 },
        policy: { met: true, policyId: null, effectiveOn: null },
        training: {
          met: true,
          sworn: 0,
          crisisTrained: 0,
          crisisRequired: 0,
          awarenessTrained: 0,
          covered: 0,
          uncovered: 0,
        },
      },
    },
  };
}

describe('SubmitForCertification of a Trust Building agency', () => {
  it('names each missing practice, and one implemented without evidence', () => {
    const e = spec
      .given([tbPledged(), evidence('ev-1'), ...allBut(14, 20), implemented(20, [])])
      .when({ type: 'SubmitForCertification', data: { campaignId: TB } }, later('agency'))
      .thenThrows('requirements-not-met');
    expect(e.message).toBe('the IACP Trust Building Campaign requirements are not met yet');
    expect(e.errors).toEqual([
      {
        path: 'practice-14',
        message: expect.stringMatching(/^practice 14 \(Leadership and Culture\) not yet in place: /),
      },
      {
        path: 'practice-20',
        message: 'practice 20 (Victim Services) implemented on 2025-01-10 but no evidence attached',
      },
    ]);
  });
  it('submits once all 25 are in place with evidence; the One Mind route is refused (campaign-not-joined)', () => {
    const given = [tbPledged(), evidence('ev-1'), ...allBut()];
    spec
      .given(given)
      .when({ type: 'SubmitForCertification', data: { campaignId: TB } }, later('agency'))
      .thenMatch(([e]) => expect(e).toMatchObject({ type: 'CertificationSubmitted', data: { cycle: 1 } }));
    spec
      .given(given)
      .when({ type: 'SubmitForCertification', data: {} }, later('agency'))
      .thenThrows('campaign-not-joined');
  });
  it("One Mind's records (partnership, policy, trained roster) meet none of its practices", () => {
    const e = spec
      .given([tbPledged(), partnership(), policy(), ...roster(5, 5)])
      .when({ type: 'SubmitForCertification', data: { campaignId: TB } }, later('agency'))
      .thenThrows('requirements-not-met');
    expect(e.errors).toHaveLength(25);
  });
});

describe('review and approval of a Trust Building submission', () => {
  const review = (n: number, decision: 'accepted' | 'changes-requested' = 'accepted') => ({
    type: 'ReviewRequirement' as const,
    data: {
      requirement: practiceId(n),
      decision,
      ...(decision === 'accepted' ? {} : { message: 'attach the policy' }),
    },
  });
  const reviewed = (n: number): AgencyEvent => ({
    type: 'RequirementReviewed',
    data: {
      cycle: 1,
      round: 1,
      requirement: practiceId(n),
      decision: 'accepted',
      decidedBy: 'staff-1',
      decidedAt: '2025-09-01T10:00:00.000Z',
    },
  });
  const base = [tbPledged(), evidence('ev-1'), ...allBut(), submittedTb()];
  it('staff judge each practice by its id; a One Mind item is not one of its requirements', () => {
    spec
      .given(base)
      .when(review(7), later('staff', 'staff-1'))
      .then([{ ...reviewed(7) }]);
    spec
      .given(base)
      .when({ ...review(7), data: { requirement: 'training', decision: 'accepted' } }, later('staff'))
      .thenThrows('requirement-not-found');
  });
  it('approval waits until all 25 are accepted, then issues the certificate', () => {
    const approve = { type: 'ApproveCertification' as const, data: {} };
    const e = spec
      .given([...base, ...Array.from({ length: 24 }, (_, i) => reviewed(i + 1))])
      .when(approve, later('staff', 'staff-1'))
      .thenThrows('requirement-not-accepted');
    expect(e.errors).toEqual([{ path: 'practice-25', message: 'not yet accepted' }]);
    spec
      .given([...base, ...Array.from({ length: 25 }, (_, i) => reviewed(i + 1))])
      .when(approve, later('staff', 'staff-1'))
      .thenMatch(([ev]) =>
        expect(ev).toMatchObject({
          type: 'CertificationApproved',
          data: { cycle: 1, certificateNumber: 'TRUST-BUILDING-2025-tx-flower-mound-pd-1' },
        }),
      );
  });
});
