import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import type { ReviewRequirement } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, currentRule, requireStatus } from './agency.guards.js';
import { reviewItemsOf } from '../rule-sets.js';
import type { AgencyState } from './agency.state.js';

/**
 * Staff judge one requirement of the submission under review. Deciding again in the same round
 * replaces the earlier decision (the event says so by its round; the fold keeps the latest). A
 * request for changes must say what to change: the agency reads the message in its view.
 */
export function reviewRequirement(
  command: ReviewRequirement,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireStatus(state, ['submitted'], 'not-submitted', 'reviewing a requirement');
  const { requirement, decision } = command.data;
  const known = reviewItemsOf(currentRule(state));
  if (!known.includes(requirement)) {
    throw new DomainError(
      'requirement-not-found',
      // The path segment is not echoed: it is the caller's text, possibly hostile.
      `the ${state.ruleSet} rule set has no such requirement`,
      [{ path: 'requirement', message: `one of ${known.join(', ')}` }],
    );
  }
  const message = command.data.message?.trim() ? command.data.message : undefined;
  if (decision === 'changes-requested' && message === undefined) {
    throw new DomainError('message-required', 'say what the agency must change', [
      { path: 'message', message: 'required when requesting changes' },
    ]);
  }
  return [
    {
      type: 'RequirementReviewed',
      data: compact({
        cycle: state.cycle,
        round: state.submission.round,
        requirement,
        decision,
        message,
        decidedBy: ctx.actor.sub,
        decidedAt: ctx.now,
      }),
    },
  ];
}
