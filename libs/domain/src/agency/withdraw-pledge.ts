import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import type { WithdrawPledge } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { requireReason, requireStatus } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';
import { OPEN_STATUSES } from './lifecycle.js';

/** An open pledge may be withdrawn (also during review); a certified one is revoked instead. */
export function withdrawPledge(
  command: WithdrawPledge,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireStatus(state, OPEN_STATUSES, 'pledge-not-open', 'withdrawal');
  requireReason(command.data.reason);
  return [
    {
      type: 'PledgeWithdrawn',
      data: { cycle: state.cycle, withdrawnOn: today(ctx.now), reason: command.data.reason },
    },
  ];
}
