import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import type { ImplementPractice } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, currentRule, notInFuture, requireAgency } from './agency.guards.js';
import { requireEvidence } from './attach-evidence.js';
import { requireCampaign } from './campaign.guard.js';
import type { AgencyState } from './agency.state.js';

/**
 * A practice of the agency's practice-based campaign (Trust Building) put in place. Like a
 * partnership it is a record of the agency, not of one cycle: it may be recorded in any status once
 * the agency has pledged, and it counts again when the agency recertifies. Its date may precede
 * the pledge (an agency may already have a bias-free policing policy when it joins; the campaign
 * asks that the practice be in place, not that it be new) but not today. Recording the same
 * practice again (a later date, new evidence) supersedes the earlier record; the log keeps both.
 * Evidence is optional here, as for partnerships: a practice without it is reported as "no evidence
 * attached" and keeps the agency from submitting.
 */
export function implementPractice(
  command: ImplementPractice,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const { campaignId, practiceId, implementedOn, evidenceIds, note } = command.data;
  requireCampaign(campaignId);
  requireAgency(state);
  const practices = currentRule(state).requirements.filter((r) => r.kind === 'practice');
  if (!practices.some((p) => p.id === practiceId))
    throw new DomainError(
      'practice-not-found',
      // The path segment is not echoed: it is the caller's text, possibly hostile.
      `the ${state.ruleSet} rule set has no such practice`,
      [
        {
          path: 'practiceId',
          message: practices.length
            ? `one of ${practices[0].id} … ${practices.at(-1)?.id}`
            : `${state.ruleSet} has no practices`,
        },
      ],
    );
  notInFuture(ctx, [{ path: 'implementedOn', date: implementedOn }]);
  requireEvidence(state, evidenceIds);
  const trimmed = note?.trim() ? note : undefined;
  return [
    {
      type: 'PracticeImplemented',
      data: compact({ practiceId, implementedOn, evidenceIds: [...(evidenceIds ?? [])], note: trimmed }),
    },
  ];
}
