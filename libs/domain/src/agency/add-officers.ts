import type { AgencyEvent } from '#events';
import type { AddOfficers } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import {
  recordsNotInFuture,
  onRoster,
  rejectRecords,
  requireAgency,
  requireBatch,
  type FieldError,
} from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/**
 * officerRef is the agency's pseudonymous key for a person, so it is unique on the roster: a ref
 * already on it (or twice in one batch) is refused, listing every bad record. A separated officer
 * may join again under the same ref. The batch is all or nothing.
 */
export function addOfficers(
  command: AddOfficers,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const { officers } = command.data;
  requireBatch(officers.length, 'officers');
  rejectRecords('officer-already-on-roster', 'officers already on the roster', duplicates(officers, state));
  recordsNotInFuture(
    ctx,
    officers,
    (o) => o.joinedOn,
    (i) => `officers[${i}].joinedOn`,
  );
  return officers.map(({ officerRef, sworn, joinedOn }) => ({
    type: 'OfficerJoined',
    data: { officerRef, sworn: sworn ?? true, joinedOn },
  }));
}

function duplicates(officers: AddOfficers['data']['officers'], state: AgencyState): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  // The path is built for refused records only (see recordsNotInFuture).
  const path = (i: number) => `officers[${i}].officerRef`;
  officers.forEach(({ officerRef }, i) => {
    if (seen.has(officerRef))
      errors.push({ path: path(i), message: `${officerRef} appears twice in this batch` });
    else if (onRoster(state.officers.get(officerRef)))
      errors.push({ path: path(i), message: `${officerRef} is already on the roster` });
    seen.add(officerRef);
  });
  return errors;
}
