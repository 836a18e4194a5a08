import type { AgencyEvent } from '../../../events/src/index.js';
import type { AgencyState } from './agency.state.js';

/**
 * Pure left fold. It never validates (events are facts); it copies what it changes so a state
 * handed out earlier is never mutated (property tests fold the same events twice).
 */
export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'PledgeTaken': {
      const { agencyId: _a, cycle, commitmentMonths: _c, pledgedOn, deadline, ruleSet, ...profile } = event.data;
      return {
        ...state, status: 'pledged', cycle, profile, ruleSet, pledgedOn, deadline,
        submission: null, certificate: null, letter: null, newsletterQueued: false, remindersSent: new Set(),
      };
    }
    default:
      return evolveRest(state, event);
  }
}

// The rest of the lifecycle; split out so each switch stays readable.
function evolveRest(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'PledgeLapsed':
      return { ...state, status: 'lapsed' };
    case 'PledgeWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'CertificationRevoked':
      return { ...state, status: 'revoked' };
    default:
      return state;
  }
}
