import type { AgencyEvent } from '#events';
import { addMonths } from '../dates.js';
import { DomainError } from '../errors.js';
import type { ExtendDeadline } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { currentRule, requireReason, requireStatus } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';
import { OPEN_STATUSES } from './lifecycle.js';

/**
 * Staff move an open pledge's deadline later, with a reason. One extension may add at most the rule
 * set's maximum commitment window (36 months) to the current deadline: IACP publishes no bound, and
 * a longer step is more likely a typo (2208 for 2028) than a decision. Further extensions remain
 * possible, each one a recorded, reasoned event. Moving the deadline makes pending timers no-ops.
 */
export function extendDeadline(
  command: ExtendDeadline,
  state: AgencyState,
  _ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireStatus(state, OPEN_STATUSES, 'pledge-not-open', 'extending the deadline');
  const { newDeadline, reason } = command.data;
  requireReason(reason);
  const previousDeadline = state.deadline;
  if (newDeadline <= previousDeadline) {
    throw new DomainError('deadline-not-later', `the new deadline must be after ${previousDeadline}`, [
      { path: 'newDeadline', message: 'not after the current deadline' },
    ]);
  }
  const max = currentRule(state).commitmentMonths.max;
  const latest = addMonths(previousDeadline, max);
  if (newDeadline > latest) {
    throw new DomainError(
      'extension-too-long',
      `one extension adds at most ${max} months (until ${latest})`,
      [{ path: 'newDeadline', message: `after ${latest}` }],
    );
  }
  return [{ type: 'DeadlineExtended', data: { cycle: state.cycle, previousDeadline, newDeadline, reason } }];
}
