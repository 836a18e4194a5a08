import type { AgencyEvent } from '../../../events/src/index.js';
import type { Decider, DecisionContext } from '../decider.js';
import type { AgencyCommand } from './agency.commands.js';
import { initialAgencyState, type AgencyState } from './agency.state.js';
import { evolveAgency } from './agency.evolve.js';
import { takePledge } from './take-pledge.js';

/** One function per command; this switch is exhaustive so a new command cannot be forgotten. */
export function decideAgency(command: AgencyCommand, state: AgencyState, ctx: DecisionContext): AgencyEvent[] {
  switch (command.type) {
    case 'TakePledge':
      return takePledge(command, state, ctx);
  }
}

export const agencyDecider: Decider<AgencyCommand, AgencyEvent, AgencyState> = {
  initialState: initialAgencyState,
  evolve: evolveAgency,
  decide: decideAgency,
};
