import type { AgencyEvent, RuleSetId } from '#events';
import { today, type DecisionContext } from '../decider.js';
import { DomainError, rejectIf } from '../errors.js';
import { addMonths } from '../dates.js';
import { DEFAULT_RULE_SET, ruleSet as getRuleSet, ruleSetInForce, type RuleSet } from '../rule-sets.js';
import { requireCampaign } from './campaign.guard.js';

const DEFAULT_RULE_SET_CAMPAIGN = getRuleSet(DEFAULT_RULE_SET).campaign;
import type { AgencyState } from './agency.state.js';
import { ENDED_STATUSES } from './lifecycle.js';
import type { TakePledge } from './agency.commands.js';

/**
 * A pledge opens a cycle of 12–36 months. A new cycle may start only when none is open or certified
 * (first pledge, or after lapse, withdrawal or revocation). Only staff may backdate a pledge or pick
 * an older rule set (migrating historic pledges). The pledge is to the route's campaign (One Mind
 * without one): its rule set must be one of that campaign's, and an agency whose earlier cycles were
 * of another campaign is refused (campaign.guard.ts).
 */
export function takePledge(command: TakePledge, state: AgencyState, ctx: DecisionContext): AgencyEvent[] {
  const {
    agencyId,
    commitmentMonths: months,
    pledgedOn: givenDate,
    ruleSet: givenRuleSet,
    campaignId,
    ...profile
  } = command.data;
  const campaign = requireCampaign(campaignId);
  rejectIf(
    !ENDED_STATUSES.includes(state.status),
    'already-pledged',
    `agency ${agencyId} already has a pledge (${state.status})`,
  );
  const isStaff = ctx.actor.role === 'staff' || ctx.actor.role === 'system';
  const now = today(ctx.now);
  if (givenDate !== undefined && givenDate !== now && !isStaff) {
    throw new DomainError('staff-only-field', 'only IACP staff may give a pledge date other than today', [
      { path: 'pledgedOn', message: 'staff only' },
    ]);
  }
  if (givenRuleSet !== undefined && !isStaff) {
    throw new DomainError('staff-only-field', 'only IACP staff may choose a rule set', [
      { path: 'ruleSet', message: 'staff only' },
    ]);
  }
  const pledgedOn = givenDate ?? now;
  rejectIf(
    pledgedOn > now,
    'pledge-date-in-future',
    `a pledge cannot be dated in the future (${pledgedOn})`,
    [{ path: 'pledgedOn', message: 'in the future' }],
  );
  const rule = pledgedRuleSet(campaign.campaignId, givenRuleSet, pledgedOn);
  const commitmentMonths = months ?? rule.commitmentMonths.default;
  rejectIf(
    !Number.isInteger(commitmentMonths) ||
      commitmentMonths < rule.commitmentMonths.min ||
      commitmentMonths > rule.commitmentMonths.max,
    'commitment-window',
    `the commitment window is ${rule.commitmentMonths.min}–${rule.commitmentMonths.max} months`,
    [
      {
        path: 'commitmentMonths',
        message: `must be ${rule.commitmentMonths.min}–${rule.commitmentMonths.max}`,
      },
    ],
  );
  return [
    {
      type: 'PledgeTaken',
      data: {
        agencyId,
        cycle: state.cycle + 1,
        ...profile,
        commitmentMonths,
        pledgedOn,
        deadline: addMonths(pledgedOn, commitmentMonths),
        ruleSet: rule.id,
      },
    },
  ];
}

/**
 * The rule set named, which must be of the campaign, else the campaign's default: One Mind's is
 * `DEFAULT_RULE_SET` whatever the date (as before campaigns were routed), another campaign's the
 * version in force on the pledge day.
 */
function pledgedRuleSet(campaignId: string, given: RuleSetId | undefined, pledgedOn: string): RuleSet {
  if (given === undefined)
    return campaignId === DEFAULT_RULE_SET_CAMPAIGN
      ? getRuleSet(DEFAULT_RULE_SET)
      : ruleSetInForce(pledgedOn, campaignId);
  const rule = getRuleSet(given);
  rejectIf(
    rule.campaign !== campaignId,
    'rule-set-not-in-campaign',
    `${rule.id} is a rule set of ${rule.campaign}, not of ${campaignId}`,
    [{ path: 'ruleSet', message: `not a rule set of ${campaignId}` }],
  );
  return rule;
}
