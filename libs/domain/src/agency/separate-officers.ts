import type { AgencyEvent } from '#events';
import type { SeparateOfficers } from './agency.commands.js';
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
 * Separation removes an officer from the denominator from `separatedOn` on; the record and its
 * classes stay in the history. Every bad record is listed; the batch is all or nothing.
 */
export function separateOfficers(
  command: SeparateOfficers,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const { officers } = command.data;
  requireBatch(officers.length, 'officers');
  const { absent, misordered } = check(officers, state);
  rejectRecords('officer-not-on-roster', 'officers not on the roster', absent);
  rejectRecords('date-order', 'separations before joining', misordered);
  recordsNotInFuture(
    ctx,
    officers,
    (o) => o.separatedOn,
    (i) => `officers[${i}].separatedOn`,
  );
  return officers.map(({ officerRef, separatedOn }) => ({
    type: 'OfficerSeparated',
    data: { officerRef, separatedOn },
  }));
}

// A ref listed twice in one batch is not on the roster any more for its second separation.
function check(officers: SeparateOfficers['data']['officers'], state: AgencyState) {
  const seen = new Set<string>();
  const absent: FieldError[] = [];
  const misordered: FieldError[] = [];
  officers.forEach(({ officerRef, separatedOn }, i) => {
    const officer = state.officers.get(officerRef);
    if (!onRoster(officer) || seen.has(officerRef)) {
      absent.push({ path: `officers[${i}].officerRef`, message: `${officerRef} is not on the roster` });
    } else if (separatedOn < officer.joinedOn) {
      const message = `${separatedOn} is before joinedOn ${officer.joinedOn}`;
      misordered.push({ path: `officers[${i}].separatedOn`, message });
    }
    seen.add(officerRef);
  });
  return { absent, misordered };
}
