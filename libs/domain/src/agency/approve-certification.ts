import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import { DomainError } from '../errors.js';
import type { ApproveCertification } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, notInFuture, requireStatus } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/**
 * The certificate number is `OM-<year of approval>-<agency id exactly as given>-<cycle>`: unique by
 * construction, because the cycle is the digits after the last `-`, the year has a fixed width, so
 * the id in between is recovered exactly and distinct (id, cycle) pairs give distinct numbers; an
 * agency is certified at most once per cycle. Deterministic, so a re-decided retry assigns the same
 * number. Never case-folded: ids are compared exactly, and upper-casing made `agency-bbb` and
 * `AGENCY-BBB` share a number (issue 13). Numbers already stored (upper-cased) keep verifying as
 * they are; only new approvals use this form. The verification code is random (guessing it must
 * find nothing), so it comes from the context.
 */
export function certificateNumber(agencyId: string, approvedOn: string, cycle: number): string {
  return `OM-${approvedOn.slice(0, 4)}-${agencyId}-${cycle}`;
}

/** Certification takes effect between the submission and today; staff may date it back to the submission. */
export function approveCertification(
  command: ApproveCertification,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireStatus(state, ['submitted'], 'not-submitted', 'approval');
  const now = today(ctx.now);
  const effectiveOn = command.data.effectiveOn ?? now;
  notInFuture(ctx, [{ path: 'effectiveOn', date: effectiveOn }]);
  const submittedOn = state.submission.submittedAt.slice(0, 10);
  if (effectiveOn < submittedOn) {
    throw new DomainError(
      'effective-before-submission',
      'a certification cannot take effect before it was submitted',
      [{ path: 'effectiveOn', message: `${effectiveOn} is before the submission on ${submittedOn}` }],
    );
  }
  return [
    {
      type: 'CertificationApproved',
      data: compact({
        cycle: state.cycle,
        certificateNumber: certificateNumber(state.agencyId, now, state.cycle),
        verificationCode: ctx.random.verificationCode(),
        effectiveOn,
        approvedAt: ctx.now,
        note: command.data.note,
      }),
    },
  ];
}
