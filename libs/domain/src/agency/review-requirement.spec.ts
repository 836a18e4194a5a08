import type { AgencyEvent } from '#events';
import { agencyDecider } from './agency.decider.js';
import type { AgencyCommand } from './agency.commands.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { agencyCtx, approved, readyAgency, submitted } from '../testing/agency-fixtures.js';

const spec = deciderSpec(agencyDecider);
const NOW = '2025-09-03T10:00:00.000Z';
const staff = (now = NOW) => agencyCtx('staff', now);
const base = readyAgency(5, 1);
const underReview = [...base, submitted('2025-09-01T10:00:00.000Z')];
const review = (requirement: string, decision: 'accepted' | 'changes-requested', message?: string) =>
  ({
    type: 'ReviewRequirement',
    data: message === undefined ? { requirement, decision } : { requirement, decision, message },
  }) as AgencyCommand;
const reviewed = (
  requirement: string,
  decision: 'accepted' | 'changes-requested',
  extra: { message?: string; round?: number; decidedBy?: string } = {},
): AgencyEvent => ({
  type: 'RequirementReviewed',
  data: {
    cycle: 1,
    round: extra.round ?? 1,
    requirement,
    decision,
    ...(extra.message === undefined ? {} : { message: extra.message }),
    decidedBy: extra.decidedBy ?? 'u1',
    decidedAt: NOW,
  },
});

describe('ReviewRequirement', () => {
  it('accepts one requirement of the submission under review, naming the round, who and when', () => {
    spec
      .given(underReview)
      .when(review('partnership', 'accepted'), staff())
      .then([reviewed('partnership', 'accepted')]);
  });

  it('requests changes on one requirement with the message the agency will read', () => {
    spec
      .given(underReview)
      .when(review('policy', 'changes-requested', 'Attach the signed general order'), staff())
      .then([reviewed('policy', 'changes-requested', { message: 'Attach the signed general order' })]);
  });

  it('refuses changes-requested without a message (absent or blank)', () => {
    spec
      .given(underReview)
      .when(review('policy', 'changes-requested'), staff())
      .thenThrows('message-required', 422);
    spec
      .given(underReview)
      .when(review('policy', 'changes-requested', '  '), staff())
      .thenThrows('message-required', 422);
  });

  it('knows only the requirements of the agency rule set (404 for another)', () => {
    const error = spec
      .given(underReview)
      .when(review('other', 'accepted'), staff())
      .thenThrows('requirement-not-found', 404);
    expect(error.errors).toEqual([{ path: 'requirement', message: 'one of partnership, policy, training' }]);
    spec
      .given(underReview)
      .when(review('__proto__', 'accepted'), staff())
      .thenThrows('requirement-not-found');
  });

  it('needs a submission under review: not before it, not after a send-back, not once certified', () => {
    spec.given(base).when(review('policy', 'accepted'), staff()).thenThrows('not-submitted', 422);
    const sentBack: AgencyEvent = {
      type: 'CertificationChangesRequested',
      data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'm' }] },
    };
    spec
      .given([...underReview, sentBack])
      .when(review('policy', 'accepted'), staff())
      .thenThrows('not-submitted', 422);
    spec
      .given([...underReview, approved()])
      .when(review('policy', 'accepted'), staff())
      .thenThrows('not-submitted', 422);
    spec.given([]).when(review('policy', 'accepted'), staff()).thenThrows('agency-not-found', 404);
  });

  it('a resubmission is the next round; deciding again in a round replaces the earlier decision', () => {
    const sentBack: AgencyEvent = {
      type: 'CertificationChangesRequested',
      data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'm' }] },
    };
    const second = [...underReview, sentBack, submitted('2025-09-02T10:00:00.000Z')];
    spec
      .given(second)
      .when(review('policy', 'accepted'), staff())
      .then([reviewed('policy', 'accepted', { round: 2 })]);
    const state = [
      ...second,
      reviewed('policy', 'changes-requested', { round: 2, message: 'x' }),
      reviewed('policy', 'accepted', { round: 2, decidedBy: 'u2' }),
    ].reduce(agencyDecider.evolve, agencyDecider.initialState());
    expect(state.status === 'submitted' && [...state.submission.decisions]).toEqual([
      ['policy', { decision: 'accepted', decidedBy: 'u2', decidedAt: NOW }],
    ]);
  });
});
