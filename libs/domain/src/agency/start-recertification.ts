import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import { addMonths } from '../dates.js';
import { DomainError } from '../errors.js';
import { snapshotOf } from '../requirements.js';
import { judge } from '../campaigns/judge.js';
import { missingRequirements } from '../campaigns/missing.js';
import { ruleSetInForce } from '../rule-sets.js';
import type { StartRecertification } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, requireStatus } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';
import { RECERTIFIABLE_STATUSES } from './lifecycle.js';
import { campaignName, requireCampaign } from './campaign.guard.js';

/**
 * Recertification (DOMAIN.md "Second round"): a certified or expired agency opens its next cycle,
 * judged on today's roster and records by the rule set in force today (not the one it was first
 * certified under), and submits it in the same append, so staff review and approve it like any
 * submission and the approval numbers the certificate `…-<cycle>` (`-2`, `-3`, …). Records that no
 * longer meet the rule set refuse it with what is missing, and nothing is appended. The new cycle's
 * deadline is the rule set's default window, as for a pledge: it matters only if staff send the
 * submission back.
 */
export function startRecertification(
  command: StartRecertification,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const campaign = requireCampaign(command.data.campaignId);
  requireStatus(state, RECERTIFIABLE_STATUSES, 'not-certified', 'recertification');
  const date = today(ctx.now);
  const rule = ruleSetInForce(date, campaign.campaignId);
  const judgement = judge(rule, state, date, ctx.catalogue);
  if (!judgement.met) {
    throw new DomainError(
      'requirements-not-met',
      `the ${campaignName(campaign)} requirements are not met today`,
      missingRequirements(judgement),
    );
  }
  const cycle = state.cycle + 1;
  return [
    {
      type: 'RecertificationStarted',
      data: {
        cycle,
        ruleSet: rule.id,
        startedOn: date,
        deadline: addMonths(date, rule.commitmentMonths.default),
        previousCertificateNumber: state.certificate.number,
      },
    },
    {
      type: 'CertificationSubmitted',
      data: compact({
        cycle,
        submittedAt: ctx.now,
        note: command.data.note,
        evaluation: snapshotOf(rule, judgement),
      }),
    },
  ];
}
