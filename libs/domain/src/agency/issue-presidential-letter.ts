import type { AgencyEvent } from '#events';
import type { IssuePresidentialLetter } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { certifiedNow } from './documents.guard.js';
import type { AgencyState } from './agency.state.js';

/** The IACP President's letter is addressed to the agency head who signed this cycle's pledge. */
export function issuePresidentialLetter(
  command: IssuePresidentialLetter,
  state: AgencyState,
  _ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const certified = certifiedNow(state, command.data.certificateNumber);
  if (!certified || certified.letter !== null) return [];
  const { sha256, issuedAt } = command.data;
  return [
    {
      type: 'PresidentialLetterIssued',
      data: { cycle: certified.cycle, sha256, issuedAt, addressedTo: { ...certified.profile.signatory } },
    },
  ];
}
