import type { AgencyEvent } from '#events';
import { AGENCY_ID, pledged, readyAgency, submitted } from '#domain/testing';
import { projectionSpec } from '../testing/projection-spec.js';
import { reviewProjection } from './review.projection.js';

const spec = projectionSpec(reviewProjection);
const reviewed = (
  requirement: string,
  decision: 'accepted' | 'changes-requested',
  extra: { message?: string; round?: number; cycle?: number; decidedBy?: string } = {},
): AgencyEvent => ({
  type: 'RequirementReviewed',
  data: {
    cycle: extra.cycle ?? 1,
    round: extra.round ?? 1,
    requirement,
    decision,
    ...(extra.message === undefined ? {} : { message: extra.message }),
    decidedBy: extra.decidedBy ?? 'alice@iacp',
    decidedAt: '2025-09-03T10:00:00.000Z',
  },
});
const sentBack: AgencyEvent = {
  type: 'CertificationChangesRequested',
  data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'sign it' }] },
};
const withNote = (at: string, note: string): AgencyEvent => {
  const e = submitted(at);
  return { ...e, data: { ...e.data, note } } as AgencyEvent;
};
const ready = readyAgency(2, 1);
const P = ready.length; // positions count from 1: the pledge is 1, the submission P + 1

describe('review read model (review_rounds + review_decisions)', () => {
  it('a pledge leaves round 0 (nothing submitted); a submission is round 1 with its note', () => {
    spec
      .given([])
      .when([pledged()])
      .then('review_rounds', [
        { agency_id: AGENCY_ID, cycle: 1, round: 0, submitted_at: null, note: null, position: 1 },
      ]);
    spec
      .given(ready)
      .when([withNote('2025-09-01T10:00:00.000Z', 'all done')])
      .then('review_rounds', [
        { agency_id: AGENCY_ID, round: 1, submitted_at: '2025-09-01T10:00:00.000Z', note: 'all done' },
      ]);
  });

  it('a recertification starts its cycle at round 0, then its submission is round 1', () => {
    const recertified: AgencyEvent = {
      type: 'RecertificationStarted',
      data: {
        cycle: 2,
        ruleSet: 'one-mind-2023',
        startedOn: '2028-10-02',
        deadline: '2031-10-02',
        previousCertificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
      },
    };
    const again = submitted('2028-10-02T09:30:00.000Z');
    spec
      .given([...ready, submitted()])
      .when([recertified, { ...again, data: { ...again.data, cycle: 2 } } as AgencyEvent])
      .then('review_rounds', [
        { agency_id: AGENCY_ID, cycle: 2, round: 1, submitted_at: '2028-10-02T09:30:00.000Z' },
      ]);
  });

  it('keeps the latest decision per requirement of the round, with message, who and when', () => {
    spec
      .given([...ready, submitted()])
      .when([
        reviewed('policy', 'changes-requested', { message: 'sign it' }),
        reviewed('partnership', 'accepted'),
        reviewed('policy', 'accepted', { decidedBy: 'bob@iacp' }),
      ])
      .then('review_decisions', [
        { requirement: 'partnership', round: 1, decision: 'accepted', message: null, position: P + 3 },
        { requirement: 'policy', round: 1, decision: 'accepted', decided_by: 'bob@iacp', position: P + 4 },
      ]);
  });

  it('a send-back keeps the decisions (the agency reads them); the resubmission is round 2 and clears them', () => {
    const round1 = [...ready, submitted(), reviewed('policy', 'changes-requested', { message: 'sign it' })];
    spec
      .given(round1)
      .when([sentBack])
      .then('review_decisions', [{ requirement: 'policy', message: 'sign it' }]);
    spec
      .given([...round1, sentBack])
      .when([withNote('2025-09-05T10:00:00.000Z', 'signed now')])
      .then('review_decisions', []);
    spec
      .given([...round1, sentBack, submitted('2025-09-05T10:00:00.000Z')])
      .when([reviewed('policy', 'accepted', { round: 2 })])
      .then('review_decisions', [{ requirement: 'policy', round: 2, decision: 'accepted', message: null }]);
    spec
      .given([...round1, sentBack])
      .when([submitted('2025-09-05T10:00:00.000Z')])
      .then('review_rounds', [{ round: 2, submitted_at: '2025-09-05T10:00:00.000Z' }]);
  });

  it('a new pledge cycle starts over at round 0 without decisions', () => {
    const revoked: AgencyEvent = {
      type: 'CertificationRevoked',
      data: { cycle: 1, certificateNumber: 'N', revokedOn: '2026-01-01', reason: 'x' },
    };
    const cycle1 = [...ready, submitted(), reviewed('policy', 'accepted'), revoked];
    spec
      .given(cycle1)
      .when([pledged({ cycle: 2, pledgedOn: '2026-02-01' })])
      .then('review_rounds', [{ cycle: 2, round: 0, submitted_at: null }]);
    spec
      .given(cycle1)
      .when([pledged({ cycle: 2, pledgedOn: '2026-02-01' })])
      .then('review_decisions', []);
    spec
      .given([...cycle1, pledged({ cycle: 2, pledgedOn: '2026-02-01' })])
      .when([
        { ...submitted('2026-03-01T00:00:00.000Z'), data: { ...submitted().data, cycle: 2 } } as AgencyEvent,
      ])
      .then('review_rounds', [{ cycle: 2, round: 1 }]);
  });

  it('ignores a decision on a round that is not the current one', () => {
    spec
      .given([...ready, submitted()])
      .when([reviewed('policy', 'accepted', { round: 2 })])
      .then('review_decisions', []);
  });
});
