import type { AgencyEvent } from '#events';
import { agencyDecider } from './agency.decider.js';
import type { AgencyCommand, RecordHistoricCertification } from './agency.commands.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { AGENCY_ID, agencyCtx, pledged } from '../testing/agency-fixtures.js';
import { fold } from '../decider.js';

const spec = deciderSpec(agencyDecider);
const NOW = '2026-12-07T10:00:00.000Z';
const staff = agencyCtx('staff', NOW);
const system = (now: string) => agencyCtx('system', now);

const historic = (over: Partial<RecordHistoricCertification['data']> = {}): AgencyCommand => ({
  type: 'RecordHistoricCertification',
  data: {
    agencyId: AGENCY_ID,
    campaignId: 'one-mind',
    name: 'Old Town PD',
    country: 'US',
    region: 'TX',
    signatory: { name: 'Pat Chief', title: 'Chief of Police' },
    contact: { name: 'Sam Liaison', email: 'sam@old.example' },
    ruleSet: 'one-mind-2023',
    pledgedOn: '2023-01-10',
    submittedOn: '2023-03-01',
    effectiveOn: '2023-04-01',
    note: 'spreadsheet row 12',
    ...over,
  },
});
const decide = (c: AgencyCommand) => agencyDecider.decide(c, agencyDecider.initialState(), staff);

describe('RecordHistoricCertification (migrating the campaign’s past)', () => {
  it('records pledge, submission and approval with their original dates, each marked migrated', () => {
    spec
      .given([])
      .when(historic(), staff)
      .then([
        {
          type: 'PledgeTaken',
          data: {
            agencyId: AGENCY_ID,
            cycle: 1,
            name: 'Old Town PD',
            country: 'US',
            region: 'TX',
            signatory: { name: 'Pat Chief', title: 'Chief of Police' },
            contact: { name: 'Sam Liaison', email: 'sam@old.example' },
            commitmentMonths: 36,
            pledgedOn: '2023-01-10',
            deadline: '2026-01-10',
            ruleSet: 'one-mind-2023',
            migrated: true,
          },
        },
        {
          type: 'CertificationSubmitted',
          data: {
            cycle: 1,
            submittedAt: '2023-03-01T00:00:00.000Z',
            evaluation: expect.objectContaining({
              evaluatedOn: '2023-03-01',
              ruleSet: 'one-mind-2023',
              met: true,
            }),
            migrated: true,
          },
        },
        {
          type: 'CertificationApproved',
          data: {
            cycle: 1,
            certificateNumber: `OM-2023-${AGENCY_ID}-1`,
            verificationCode: 'CODE-1234',
            effectiveOn: '2023-04-01',
            approvedAt: '2023-04-01T00:00:00.000Z',
            note: 'spreadsheet row 12',
            migrated: true,
            withoutDocuments: true,
          },
        },
      ] as AgencyEvent[]);
  });

  it('is certified until effectiveOn + 36 months (2023), then the expiry timer expires it', () => {
    const events = decide(historic());
    const state = fold(agencyDecider, events);
    expect(state.status === 'certified' && state.certificate.expiresOn).toBe('2026-04-01');
    expect(state.status !== 'none' && state.profile).not.toHaveProperty('migrated');
    const expire: AgencyCommand = {
      type: 'ExpireCertification',
      data: { certificateNumber: `OM-2023-${AGENCY_ID}-1` },
    };
    spec
      .given(events)
      .when(expire, system(NOW))
      .thenMatch((out) => expect(out.map((e) => e.type)).toEqual(['CertificationExpired']));
  });

  it('a One Mind 2016 certification never expires; a given number is kept; documents on request', () => {
    const events = decide(
      historic({
        ruleSet: 'one-mind-2016',
        pledgedOn: '2017-02-01',
        submittedOn: '2018-01-05',
        effectiveOn: '2018-02-01',
        certificateNumber: 'OM-0412',
        issueDocuments: true,
      }),
    );
    const approval = events[2];
    expect(approval.type === 'CertificationApproved' && approval.data).toMatchObject({
      certificateNumber: 'OM-0412',
      migrated: true,
    });
    expect(approval.data).not.toHaveProperty('withoutDocuments');
    const state = fold(agencyDecider, events);
    expect(state.status === 'certified' && state.certificate.expiresOn).toBeUndefined();
  });

  it('refuses dates out of order, in the future, after the deadline or before the rule set', () => {
    spec
      .given([])
      .when(historic({ submittedOn: '2023-01-01' }), staff)
      .thenThrows('date-order');
    spec
      .given([])
      .when(historic({ effectiveOn: '2023-02-01' }), staff)
      .thenThrows('date-order');
    const late = spec
      .given([])
      .when(historic({ submittedOn: '2026-01-10', effectiveOn: '2026-02-01' }), staff)
      .thenThrows('date-order');
    expect(late.errors[0].path).toBe('submittedOn');
    spec
      .given([])
      .when(historic({ effectiveOn: '2027-01-01' }), staff)
      .thenThrows('date-in-future');
    spec
      .given([])
      .when(historic({ pledgedOn: '2022-12-01' }), staff)
      .thenThrows('rule-set-not-in-force');
  });

  it('only One Mind, only a new agency, never another agency’s computed number', () => {
    spec
      .given([])
      .when(historic({ campaignId: 'trust-building' }), staff)
      .thenThrows('campaign-not-migratable');
    spec
      .given([])
      .when(historic({ campaignId: 'no-such' }), staff)
      .thenThrows('campaign-not-found');
    spec.given([pledged()]).when(historic(), staff).thenThrows('agency-already-recorded');
    spec
      .given([])
      .when(historic({ certificateNumber: 'OM-2019-other-pd-1' }), staff)
      .thenThrows('certificate-number-form');
    spec
      .given([])
      .when(historic({ certificateNumber: `OM-2019-${AGENCY_ID.toUpperCase()}-1` }), staff)
      .thenMatch((out) => expect(out).toHaveLength(3));
  });
});
