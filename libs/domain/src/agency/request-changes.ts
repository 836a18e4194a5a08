import type { AgencyEvent } from '#events';
import { DomainError } from '../errors.js';
import type { RequestChanges } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { currentRule, requireStatus } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';
import { standingChanges } from './review-round.js';

/**
 * Staff send a submission back; the agency fixes it and resubmits. The reasons are the messages of
 * the requirements that stand at changes-requested in this round, followed by any given here; with
 * neither there is nothing to send back.
 */
export function requestChanges(
  command: RequestChanges,
  state: AgencyState,
  _ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireStatus(state, ['submitted'], 'not-submitted', 'requesting changes');
  const reasons = [...standingChanges(currentRule(state), state.submission), ...(command.data.reasons ?? [])];
  if (reasons.length === 0) {
    throw new DomainError('reasons-required', 'say what must change', [
      { path: 'reasons', message: 'at least one reason, or a requirement at changes-requested' },
    ]);
  }
  return [{ type: 'CertificationChangesRequested', data: { cycle: state.cycle, reasons } }];
}
