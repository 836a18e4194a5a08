import type { AgencyEvent } from '../../../events/src/index.js';
import type { AddOfficers } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { notInFuture, onRoster, rejectRecords, requireAgency, requireBatch, type FieldError } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/**
 * officerRef is the agency's pseudonymous key for a person, so it is unique on the roster: a ref
 * already on it (or twice in one batch) is refused, listing every bad record. A separated officer
 * may join again under the same ref. The batch is all or nothing.
 */
export function addOfficers(command: AddOfficers, state: AgencyState, ctx: AgencyDecisionContext): AgencyEvent[] {
  requireAgency(state);
  const { officers } = command.data;
  requireBatch(officers.length, 'officers');
  const seen = new Set<string>();
  const duplicates: FieldError[] = [];
  officers.forEach(({ officerRef }, i) => {
    if (seen.has(officerRef)) duplicates.push({ path: `officers[${i}].officerRef`, message: `${officerRef} appears twice in this batch` });
    else if (onRoster(state.officers.get(officerRef))) duplicates.push({ path: `officers[${i}].officerRef`, message: `${officerRef} is already on the roster` });
    seen.add(officerRef);
  });
  rejectRecords('officer-already-on-roster', 'officers already on the roster', duplicates);
  notInFuture(ctx, officers.map((o, i) => ({ path: `officers[${i}].joinedOn`, date: o.joinedOn })));
  return officers.map(({ officerRef, sworn, joinedOn }) => ({
    type: 'OfficerJoined',
    data: { officerRef, sworn: sworn ?? true, joinedOn },
  }));
}
