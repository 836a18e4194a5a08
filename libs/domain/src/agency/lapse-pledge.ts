import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import type { LapsePledge } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { requireAgency } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';
import { LAPSABLE_STATUSES } from './lifecycle.js';

/**
 * Fired by the deadline timer. It never lapses early (a worker whose clock is fast, or a job fired
 * before the deadline day, decides nothing), never on a moved deadline, never a submission under
 * review, and at most once: a second firing finds the pledge already lapsed.
 */
export function lapsePledge(
  command: LapsePledge,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const { deadline } = command.data;
  if (!LAPSABLE_STATUSES.includes(state.status) || state.deadline !== deadline || today(ctx.now) < deadline)
    return [];
  return [{ type: 'PledgeLapsed', data: { cycle: state.cycle, deadline, lapsedAt: ctx.now } }];
}
