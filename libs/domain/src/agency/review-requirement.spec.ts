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
      .thenThrows('message-required');
    spec
      .given(underReview)
      .when(review('policy', 'changes-requested', '  '), staff())
      .thenThrows('message-required');
  });

  it('knows only the requirements of the agency rule set (404 for another)', () => {
    const error = spec
      .given(underReview)
      .when(review('other', 'accepted'), staff())
      .thenThrows('requirement-not-found');
    expect(error.errors).toEqual([{ path: 'requirement', message: 'one of partnership, policy, training' }]);
    spec
      .given(underReview)
      .when(review('__proto__', 'accepted'), staff())
      .thenThrows('requirement-not-found');
  });

  it('needs a submission under review: not before it, not after a send-back, not once certified', () => {
    spec.given(base).when(review('policy', 'accepted'), staff()).thenThrows('not-submitted');
    const sentBack: AgencyEvent = {
      type: 'CertificationChangesRequested',
      data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'm' }] },
    };
    spec
      .given([...underReview, sentBack])
      .when(review('policy', 'accepted'), staff())
      .thenThrows('not-submitted');
    spec
      .given([...underReview, approved()])
      .when(review('policy', 'accepted'), staff())
      .thenThrows('not-submitted');
    spec.given([]).when(review('policy', 'accepted'), staff()).thenThrows('agency-not-found');
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

describe('approval after a per-requirement review', () => {
  const approve: AgencyCommand = { type: 'ApproveCertification', data: {} };
  const as = (sub: string, fourEyes: boolean) =>
    agencyCtx('staff', '2025-09-10T10:00:00.000Z', undefined, { sub, fourEyes });
  const allAcceptedBy = (sub: string) =>
    ['partnership', 'policy', 'training'].map((r) => reviewed(r, 'accepted', { decidedBy: sub }));

  it('is refused while a requirement stands at changes-requested, naming it and its message', () => {
    const error = spec
      .given([...underReview, reviewed('policy', 'changes-requested', { message: 'sign it' })])
      .when(approve, as('alice', false))
      .thenThrows('requirement-not-accepted');
    expect(error.errors).toEqual([{ path: 'policy', message: 'sign it' }]);
  });

  it('goes through once that requirement is accepted again in the same round', () => {
    spec
      .given([
        ...underReview,
        reviewed('policy', 'changes-requested', { message: 'sign it' }),
        reviewed('policy', 'accepted'),
      ])
      .when(approve, as('alice', false))
      .thenMatch(([e]) => expect(e.type).toBe('CertificationApproved'));
  });

  it('four eyes off: the staff member who accepted everything may approve (and so may one who decided nothing)', () => {
    spec
      .given([...underReview, ...allAcceptedBy('alice')])
      .when(approve, as('alice', false))
      .thenMatch(([e]) => expect(e.type).toBe('CertificationApproved'));
    spec
      .given(underReview)
      .when(approve, as('alice', false))
      .thenMatch(([e]) => expect(e.type).toBe('CertificationApproved'));
  });

  it('four eyes on: not the one who accepted every requirement, nor one who decided nothing alone; a second member may', () => {
    spec
      .given([...underReview, ...allAcceptedBy('alice')])
      .when(approve, as('alice', true))
      .thenThrows('second-approver-required');
    spec.given(underReview).when(approve, as('alice', true)).thenThrows('second-approver-required');
    spec
      .given([...underReview, ...allAcceptedBy('alice')])
      .when(approve, as('bob', true))
      .thenMatch(([e]) => expect(e.type).toBe('CertificationApproved'));
    // Another member's acceptance of one requirement is the second pair of eyes.
    spec
      .given([...underReview, reviewed('training', 'accepted', { decidedBy: 'bob' })])
      .when(approve, as('alice', true))
      .thenMatch(([e]) => expect(e.type).toBe('CertificationApproved'));
  });

  it("four eyes on: the previous round's acceptances do not count after a resubmission", () => {
    const sentBack: AgencyEvent = {
      type: 'CertificationChangesRequested',
      data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'm' }] },
    };
    spec
      .given([...underReview, ...allAcceptedBy('bob'), sentBack, submitted('2025-09-05T10:00:00.000Z')])
      .when(approve, as('alice', true))
      .thenThrows('second-approver-required');
  });
});

describe('RequestChanges after a per-requirement review', () => {
  const sendBack = (reasons?: { requirement: string; message: string }[]): AgencyCommand => ({
    type: 'RequestChanges',
    data: reasons ? { reasons } : {},
  });

  it('without reasons, sends back the messages of the requirements at changes-requested', () => {
    spec
      .given([
        ...underReview,
        reviewed('training', 'changes-requested', { message: 'roster is from 2023' }),
        reviewed('partnership', 'accepted'),
        reviewed('policy', 'changes-requested', { message: 'sign it' }),
      ])
      .when(sendBack(), staff())
      .then([
        {
          type: 'CertificationChangesRequested',
          data: {
            cycle: 1,
            reasons: [
              { requirement: 'policy', message: 'sign it' },
              { requirement: 'training', message: 'roster is from 2023' },
            ],
          },
        },
      ]);
  });

  it('adds reasons given in the request after those', () => {
    spec
      .given([...underReview, reviewed('policy', 'changes-requested', { message: 'sign it' })])
      .when(sendBack([{ requirement: 'other', message: 'and the note' }]), staff())
      .thenMatch(([e]) =>
        expect(e.type === 'CertificationChangesRequested' && e.data.reasons).toEqual([
          { requirement: 'policy', message: 'sign it' },
          { requirement: 'other', message: 'and the note' },
        ]),
      );
  });

  it('refuses when there is nothing to send back (no reasons, nothing at changes-requested)', () => {
    spec.given(underReview).when(sendBack(), staff()).thenThrows('reasons-required');
    spec
      .given([...underReview, reviewed('policy', 'accepted')])
      .when(sendBack([]), staff())
      .thenThrows('reasons-required');
  });

  it('keeps the round and its decisions for the agency to read until it resubmits, which starts over', () => {
    const events = [
      ...underReview,
      reviewed('policy', 'changes-requested', { message: 'sign it' }),
      {
        type: 'CertificationChangesRequested',
        data: { cycle: 1, reasons: [{ requirement: 'policy', message: 'sign it' }] },
      } as AgencyEvent,
    ];
    const back = events.reduce(agencyDecider.evolve, agencyDecider.initialState());
    expect(back.status).toBe('changes-requested');
    expect(back.status !== 'none' && back.submission?.round).toBe(1);
    expect(back.status !== 'none' && back.submission?.decisions.get('policy')?.message).toBe('sign it');
    const again = agencyDecider.evolve(back, submitted('2025-09-06T10:00:00.000Z'));
    expect(again.status === 'submitted' && [again.submission.round, again.submission.decisions.size]).toEqual(
      [2, 0],
    );
  });
});
