import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import { DEFAULT_CAMPAIGN, ruleSet } from '../rule-sets.js';
import { DomainError } from '../errors.js';
import type { ApproveCertification } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, currentRule, notInFuture, requireStatus } from './agency.guards.js';
import type { AgencyState, SubmittedAgency } from './agency.state.js';
import { acceptedByAnother, standingChanges, unacceptedPractices } from './review-round.js';

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
export function certificateNumber(
  agencyId: string,
  approvedOn: string,
  cycle: number,
  campaignId: string = DEFAULT_CAMPAIGN,
): string {
  return `${certificatePrefix(campaignId)}-${approvedOn.slice(0, 4)}-${agencyId}-${cycle}`;
}

/**
 * One Mind's numbers start `OM` as they always have; another campaign's with its id in capitals
 * (`TRUST-BUILDING-…`), so one agency's certificates of two campaigns never share a number, and a
 * campaign published as data needs no code for its prefix. Campaign ids are lower-case slugs, so
 * no prefix of one campaign is another's.
 */
export const certificatePrefix = (campaignId: string): string =>
  campaignId === DEFAULT_CAMPAIGN ? 'OM' : campaignId.toUpperCase();

/**
 * Certification takes effect between the submission and today; staff may date it back to the
 * submission. Not while a requirement of the round stands at changes-requested (staff accept it
 * or send the submission back), nor while a practice of a practice-based campaign is not accepted
 * (each is judged on its own evidence), and with four eyes on not by the only staff member who
 * judged it.
 */
export function approveCertification(
  command: ApproveCertification,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireStatus(state, ['submitted'], 'not-submitted', 'approval');
  requireReviewed(state, ctx);
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
        certificateNumber: certificateNumber(
          state.agencyId,
          now,
          state.cycle,
          ruleSet(state.ruleSet).campaign,
        ),
        verificationCode: ctx.random.verificationCode(),
        effectiveOn,
        approvedAt: ctx.now,
        note: command.data.note,
      }),
    },
  ];
}

function requireReviewed(state: SubmittedAgency, ctx: AgencyDecisionContext): void {
  const rule = currentRule(state);
  const changes = standingChanges(rule, state.submission);
  if (changes.length > 0) {
    throw new DomainError(
      'requirement-not-accepted',
      'a requirement of this submission stands at changes-requested: accept it or send the submission back',
      changes.map((c) => ({ path: c.requirement, message: c.message })),
    );
  }
  const waiting = unacceptedPractices(rule, state.submission);
  if (waiting.length > 0) {
    throw new DomainError(
      'requirement-not-accepted',
      `every practice must be accepted before approval: ${waiting.length} not yet accepted`,
      waiting.map((practice) => ({ path: practice, message: 'not yet accepted' })),
    );
  }
  if (ctx.fourEyes && !acceptedByAnother(rule, state.submission, ctx.actor.sub)) {
    throw new DomainError(
      'second-approver-required',
      'four eyes: another staff member must approve, or accept a requirement first',
      [{ path: 'approver', message: 'accepted every requirement of this submission himself' }],
    );
  }
}
