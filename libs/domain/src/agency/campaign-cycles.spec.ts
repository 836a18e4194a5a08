import type { AgencyEvent } from '#events';
import { agencyDecider } from './agency.decider.js';
import { fold } from '../decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import {
  agencyCtx as ctx,
  approved,
  evidence,
  pledged,
  readyAgency,
  submitted,
} from '../testing/agency-fixtures.js';
import { practiceId } from '../campaigns/trust-building.js';
import { campaignCycles, cycleView, primaryCampaign } from './campaign-cycles.js';

/**
 * Issue 18 item 3: one agency in two campaigns on its one stream. Its first campaign's events are
 * what they always were (no campaignId); the second campaign's cycle events name it, and each
 * campaign keeps its own lifecycle, deadline, review and certificate while the records are shared.
 */
const spec = deciderSpec(agencyDecider);
const TB = 'trust-building';
const staff = (sub = 'staff-1') => ctx('staff', '2025-10-01T10:00:00.000Z', undefined, { sub });
const agency = () => ctx('agency', '2025-10-01T10:00:00.000Z');
const practice = (n: number): AgencyEvent => ({
  type: 'PracticeImplemented',
  data: { practiceId: practiceId(n), implementedOn: '2025-09-20', evidenceIds: ['ev-1'] },
});
const practices = (count: number) => Array.from({ length: count }, (_, i) => practice(i + 1));
const tbPledge = pledged({ ruleSet: 'trust-building-2022', campaignId: TB, pledgedOn: '2025-09-15' });
const oneMindCertified = [...readyAgency(5, 1), submitted(), approved()];

describe('one agency in two campaigns', () => {
  it('a certified One Mind agency pledges to Trust Building: the new cycle names its campaign', () => {
    spec
      .given(oneMindCertified)
      .when({ type: 'TakePledge', data: { ...tbPledgeData(), campaignId: TB } }, agency())
      .thenMatch(([e]) =>
        expect(e).toMatchObject({
          type: 'PledgeTaken',
          data: { ruleSet: 'trust-building-2022', campaignId: TB },
        }),
      );
  });

  it('each campaign has its own status; the first campaign is the state itself, unchanged', () => {
    const state = fold(agencyDecider, [...oneMindCertified, tbPledge, evidence('ev-1'), ...practices(25)]);
    expect(primaryCampaign(state)).toBe('one-mind');
    expect(state.status).toBe('certified');
    expect(cycleView(state, TB).status).toBe('pledged');
    expect(campaignCycles(state).map((c) => [c.campaignId, c.view.status])).toEqual([
      ['one-mind', 'certified'],
      [TB, 'pledged'],
    ]);
    // The records are the agency's: the Trust Building view sees the One Mind roster and evidence.
    expect(cycleView(state, TB).officers.size).toBe(5);
    expect(cycleView(state, TB).practices.size).toBe(25);
  });

  it('refused at 24 of 25 practices naming the missing one, submitted at 25, its events named', () => {
    const e = spec
      .given([...oneMindCertified, tbPledge, evidence('ev-1'), ...practices(24)])
      .when({ type: 'SubmitForCertification', data: { campaignId: TB } }, agency())
      .thenThrows('requirements-not-met');
    expect(e.errors?.map((x) => x.path)).toEqual(['practice-25']);
    spec
      .given([...oneMindCertified, tbPledge, evidence('ev-1'), ...practices(25)])
      .when({ type: 'SubmitForCertification', data: { campaignId: TB } }, agency())
      .thenMatch(([s]) =>
        expect(s).toMatchObject({ type: 'CertificationSubmitted', data: { cycle: 1, campaignId: TB } }),
      );
  });

  it("review and approval act on the named campaign; Trust Building's certificate has its own number", () => {
    const tbSubmitted: AgencyEvent = {
      type: 'CertificationSubmitted',
      data: { ...submittedData(), campaignId: TB },
    };
    const given = [...oneMindCertified, tbPledge, evidence('ev-1'), ...practices(25), tbSubmitted];
    const reviewed = Array.from({ length: 25 }, (_, i): AgencyEvent => ({
      type: 'RequirementReviewed',
      data: {
        cycle: 1,
        round: 1,
        requirement: practiceId(i + 1),
        decision: 'accepted',
        decidedBy: 'staff-1',
        decidedAt: '2025-09-30T10:00:00.000Z',
        campaignId: TB,
      },
    }));
    spec
      .given(given)
      .when(
        {
          type: 'ReviewRequirement',
          data: { requirement: 'practice-01', decision: 'accepted', campaignId: TB },
        },
        staff(),
      )
      .thenMatch(([r]) =>
        expect(r).toMatchObject({ type: 'RequirementReviewed', data: { campaignId: TB, round: 1 } }),
      );
    spec
      .given([...given, ...reviewed])
      .when({ type: 'ApproveCertification', data: { campaignId: TB } }, staff())
      .thenMatch(([a]) =>
        expect(a).toMatchObject({
          type: 'CertificationApproved',
          data: { cycle: 1, certificateNumber: 'TRUST-BUILDING-2025-tx-flower-mound-pd-1', campaignId: TB },
        }),
      );
    // The routes without a campaign are One Mind's: its certification is not under review.
    spec
      .given([...given, ...reviewed])
      .when({ type: 'ApproveCertification', data: {} }, staff())
      .thenThrows('not-submitted');
    const state = fold(agencyDecider, [...given, ...reviewed]);
    expect(state.status).toBe('certified');
    expect(cycleView(state, TB).status).toBe('submitted');
  });

  it('a timer of the second campaign lapses that campaign only; a command for a campaign not joined is 409', () => {
    const given = [...oneMindCertified, tbPledge];
    spec
      .given(given)
      .when(
        { type: 'LapsePledge', data: { deadline: '2028-01-15', campaignId: TB } },
        ctx('system', '2028-01-15T00:00:00.000Z'),
      )
      .thenMatch(([l]) => expect(l).toMatchObject({ type: 'PledgeLapsed', data: { campaignId: TB } }));
    spec
      .given([pledged()])
      .when({ type: 'WithdrawPledge', data: { reason: 'x', campaignId: TB } }, staff())
      .thenThrows('campaign-not-joined');
  });
});

describe('a timer without a campaign', () => {
  it("acts on the agency's first campaign, even once the agency joined One Mind as its second", () => {
    const tbFirst = pledged({ ruleSet: 'trust-building-2022' });
    const oneMindSecond = pledged({ campaignId: 'one-mind' });
    spec
      .given([tbFirst, oneMindSecond])
      .when(
        { type: 'LapsePledge', data: { deadline: '2028-01-15' } },
        ctx('system', '2028-01-15T00:00:00.000Z'),
      )
      .thenMatch(([l]) => {
        expect(l.type).toBe('PledgeLapsed');
        expect(l.data).not.toHaveProperty('campaignId');
      });
  });
});

describe("a job naming a certificate acts on that certificate's campaign", () => {
  it('IssueCertificate without a campaign finds the Trust Building certificate by its number', () => {
    const tbApproved: AgencyEvent = {
      type: 'CertificationApproved',
      data: {
        cycle: 1,
        certificateNumber: 'TRUST-BUILDING-2025-tx-flower-mound-pd-1',
        verificationCode: 'CODE-TB',
        effectiveOn: '2025-09-30',
        approvedAt: '2025-09-30T10:00:00.000Z',
        campaignId: TB,
      },
    };
    const tbSubmitted: AgencyEvent = {
      type: 'CertificationSubmitted',
      data: { ...submittedData(), campaignId: TB },
    };
    const given = [
      ...oneMindCertified,
      tbPledge,
      evidence('ev-1'),
      ...practices(25),
      tbSubmitted,
      tbApproved,
    ];
    const sha256 = 'a'.repeat(64);
    spec
      .given(given)
      .when(
        {
          type: 'IssueCertificate',
          data: {
            sha256,
            issuedAt: '2025-10-01T10:00:00.000Z',
            certificateNumber: 'TRUST-BUILDING-2025-tx-flower-mound-pd-1',
          },
        },
        ctx('system', '2025-10-01T10:00:00.000Z'),
      )
      .thenMatch(([e]) =>
        expect(e).toMatchObject({ type: 'CertificateIssued', data: { campaignId: TB, sha256 } }),
      );
    // One Mind's number: One Mind's cycle, its event as it always was (no campaignId).
    spec
      .given(given)
      .when(
        {
          type: 'IssueCertificate',
          data: {
            sha256,
            issuedAt: '2025-10-01T10:00:00.000Z',
            certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
          },
        },
        ctx('system', '2025-10-01T10:00:00.000Z'),
      )
      .thenMatch(([e]) => expect(e.data).not.toHaveProperty('campaignId'));
  });
});

function tbPledgeData() {
  const {
    cycle: _c,
    commitmentMonths: _m,
    pledgedOn: _p,
    deadline: _d,
    ruleSet: _r,
    ...rest
  } = (pledged() as Extract<AgencyEvent, { type: 'PledgeTaken' }>).data;
  return rest;
}

function submittedData() {
  const s = submitted('2025-09-25T10:00:00.000Z') as Extract<AgencyEvent, { type: 'CertificationSubmitted' }>;
  return { ...s.data, evaluation: { ...s.data.evaluation, ruleSet: 'trust-building-2022' } };
}
