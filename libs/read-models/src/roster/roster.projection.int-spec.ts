import type { AgencyEvent } from '#events';
import { AGENCY_ID, joined, partnership, pledged, policy, trained } from '#domain/testing';
import { projectionSpec } from '../testing/projection-spec.js';
import { evolveRoster, rosterProjection } from './roster.projection.js';

const spec = projectionSpec(rosterProjection);
const separated = (officerRef: string, separatedOn: string): AgencyEvent => ({
  type: 'OfficerSeparated',
  data: { officerRef, separatedOn },
});
const ended: AgencyEvent = {
  type: 'PartnershipEnded',
  data: { partnershipId: 'p-1', endedOn: '2025-08-01', reason: 'r' },
};

describe('roster read model (officers, trainings, partnerships, policies)', () => {
  it('officers join, separate and re-join; their trainings are kept', () => {
    spec
      .given([pledged(), joined('FM-0001'), trained('FM-0001', 'cit')])
      .when([separated('FM-0001', '2025-07-01'), joined('FM-0001', '2025-09-01', false)])
      .then('officers', [
        {
          agency_id: AGENCY_ID,
          officer_ref: 'FM-0001',
          sworn: 0,
          joined_on: '2025-09-01',
          separated_on: null,
          position: 5,
        },
      ]);
    spec
      .given([pledged(), joined('FM-0001')])
      .when([trained('FM-0001', 'cit')])
      .then('trainings', [
        {
          position: 3,
          agency_id: AGENCY_ID,
          officer_ref: 'FM-0001',
          program_id: 'cit',
          completed_on: '2025-06-01',
          expires_on: null,
          hours: null,
          certificate_ref: null,
        },
      ]);
  });

  it('a training of an officer who is not on the roster is not recorded (as in the domain)', () => {
    spec
      .given([pledged()])
      .when([trained('FM-0002', 'cit')])
      .then('trainings', []);
  });

  it('partnerships are established and ended; policies are adopted', () => {
    spec
      .given([pledged(), partnership()])
      .when([ended])
      .then('partnerships', [
        {
          partnership_id: 'p-1',
          partner_type: 'community-mental-health',
          established_on: '2025-02-01',
          ended_on: '2025-08-01',
          position: 3,
        },
      ]);
    spec
      .given([pledged()])
      .when([policy()])
      .then('policies', [
        {
          policy_id: 'pol-1',
          version: '1',
          adopted_on: '2025-02-15',
          effective_on: '2025-03-01',
          based_on_iacp_model: 1,
          position: 2,
        },
      ]);
  });

  it('a practice is recorded; a later record of it supersedes the row (issue 18 item 2)', () => {
    const practice = (implementedOn: string, evidenceIds: string[], note?: string): AgencyEvent => ({
      type: 'PracticeImplemented',
      data: { practiceId: 'practice-03', implementedOn, evidenceIds, ...(note ? { note } : {}) },
    });
    spec
      .given([pledged({ ruleSet: 'trust-building-2022' }), practice('2025-01-02', ['ev-1'], 'first')])
      .when([practice('2025-03-01', ['ev-2', 'ev-3'])])
      .then('practices', [
        {
          agency_id: AGENCY_ID,
          practice_id: 'practice-03',
          implemented_on: '2025-03-01',
          evidence_ids: '["ev-2","ev-3"]',
          note: null,
          position: 3,
        },
      ]);
  });

  it('the lifecycle writes no roster rows', () => {
    spec.given([]).when([pledged()]).then('officers', []);
  });

  it('an event it does not list fails to compile into its switch, and never reaches it', () => {
    // @ts-expect-error: evolveRoster takes the ROSTER_EVENTS only
    expect(() => evolveRoster(pledged(), AGENCY_ID)).toThrow(/no handler for PledgeTaken/);
    expect(rosterProjection.canHandle).not.toContain('PledgeTaken');
  });
});
