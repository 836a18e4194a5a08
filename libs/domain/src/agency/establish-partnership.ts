import type { AgencyEvent } from '#events';
import type { EstablishPartnership } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { compact, notInFuture, requireAgency } from './agency.guards.js';
import { requireEvidence } from './attach-evidence.js';
import type { AgencyState } from './agency.state.js';

/**
 * Partnerships are facts about the agency, not about one cycle: they may be recorded in any status
 * once the agency exists, and they survive a new pledge. The id is drawn here so a retry of the same
 * command (same idempotency key) is answered from the first result, never re-decided.
 */
export function establishPartnership(
  command: EstablishPartnership,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  notInFuture(ctx, [{ path: 'establishedOn', date: command.data.establishedOn }]);
  requireEvidence(state, command.data.evidenceIds);
  return [
    { type: 'PartnershipEstablished', data: compact({ partnershipId: ctx.random.id(), ...command.data }) },
  ];
}
