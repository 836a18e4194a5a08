import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import type { EndPartnership } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { notInFuture, requireAgency, requireReason } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/** Ending keeps the partnership in the history: it stops counting from `endedOn` on. */
export function endPartnership(
  command: EndPartnership,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const { partnershipId, endedOn, reason } = command.data;
  const partnership = state.partnerships.get(partnershipId);
  if (!partnership) {
    throw new DomainError('partnership-not-found', `no partnership ${partnershipId}`, [
      { path: 'partnershipId', message: 'unknown' },
    ]);
  }
  if (partnership.endedOn !== undefined) {
    throw new DomainError(
      'partnership-already-ended',
      `partnership ${partnershipId} ended on ${partnership.endedOn}`,
    );
  }
  requireReason(reason);
  notInFuture(ctx, [{ path: 'endedOn', date: endedOn }]);
  if (endedOn < partnership.establishedOn) {
    throw new DomainError('date-order', 'a partnership cannot end before it was established', [
      { path: 'endedOn', message: `${endedOn} is before ${partnership.establishedOn}` },
    ]);
  }
  return [{ type: 'PartnershipEnded', data: { partnershipId, endedOn, reason } }];
}
