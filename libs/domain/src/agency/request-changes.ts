import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import type { RequestChanges } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { requireStatus } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/** Staff send a submission back with reasons; the agency fixes them and resubmits. */
export function requestChanges(
  command: RequestChanges,
  state: AgencyState,
  _ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireStatus(state, ['submitted'], 'not-submitted', 'requesting changes');
  const { reasons } = command.data;
  if (reasons.length === 0) {
    throw new DomainError('reasons-required', 'say what must change', [
      { path: 'reasons', message: 'at least one reason' },
    ]);
  }
  return [{ type: 'CertificationChangesRequested', data: { cycle: state.cycle, reasons } }];
}
