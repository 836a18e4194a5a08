import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import { DomainError } from '../errors.js';
import { snapshotOf } from '../requirements.js';
import { judge } from '../campaigns/judge.js';
import { missingRequirements } from '../campaigns/missing.js';
import type { SubmitForCertification } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, currentRule, requireAgency } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';
import type { AgencyStatus } from './lifecycle.js';
import { campaignName, requireCampaign } from './campaign.guard.js';

const REFUSALS: Partial<Record<AgencyStatus, string>> = {
  submitted: 'already-submitted',
  certified: 'already-certified',
  lapsed: 'not-pledged',
  withdrawn: 'not-pledged',
  revoked: 'not-pledged',
};

/**
 * An agency submits from `pledged` or, after a review, from `changes-requested`. The requirements
 * are judged today by the one evaluator (`judge`) every reader uses, and the event carries that
 * evaluation so the reviewer sees exactly what was judged. On or after the deadline the lapse is
 * due: the pledge is no longer open to a first submission.
 */
export function submitForCertification(
  command: SubmitForCertification,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const campaign = requireCampaign(command.data.campaignId);
  const refusal = REFUSALS[state.status];
  if (refusal) throw new DomainError(refusal, `cannot submit while the agency is ${state.status}`);
  const date = today(ctx.now);
  if (date >= state.deadline) {
    throw new DomainError('deadline-passed', `the deadline was ${state.deadline}`, [
      { path: 'deadline', message: `passed on ${state.deadline}` },
    ]);
  }
  const rule = currentRule(state);
  const judgement = judge(rule, state, date, ctx.catalogue);
  if (!judgement.met) {
    throw new DomainError(
      'requirements-not-met',
      `the ${campaignName(campaign)} requirements are not met yet`,
      missingRequirements(judgement),
    );
  }
  const evaluation = snapshotOf(rule, judgement);
  return [
    {
      type: 'CertificationSubmitted',
      data: compact({ cycle: state.cycle, submittedAt: ctx.now, note: command.data.note, evaluation }),
    },
  ];
}
