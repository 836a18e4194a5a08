import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import type { AdoptPolicy } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, notInFuture, requireAgency } from './agency.guards.js';
import { requireEvidence } from './attach-evidence.js';
import type { AgencyState } from './agency.state.js';

/**
 * A policy may be adopted now and take effect later (effectiveOn after adoptedOn, even in the
 * future): it counts only from its effective date, which `evaluate` checks. Adoption itself is a
 * past fact, and a policy cannot take effect before it was adopted.
 */
export function adoptPolicy(
  command: AdoptPolicy,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const { adoptedOn, effectiveOn } = command.data;
  notInFuture(ctx, [{ path: 'adoptedOn', date: adoptedOn }]);
  if (effectiveOn < adoptedOn) {
    throw new DomainError('date-order', 'a policy cannot take effect before it is adopted', [
      { path: 'effectiveOn', message: `${effectiveOn} is before adoptedOn ${adoptedOn}` },
    ]);
  }
  requireEvidence(state, command.data.evidenceIds);
  return [{ type: 'PolicyAdopted', data: compact({ policyId: ctx.random.id(), ...command.data }) }];
}
