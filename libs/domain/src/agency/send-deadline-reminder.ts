import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import { daysBetween } from '../dates.js';
import { judge } from '../campaigns/judge.js';
import { missingRequirements } from '../campaigns/missing.js';
import type { SendDeadlineReminder } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { currentRule, requireAgency } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';
import { LAPSABLE_STATUSES, reminderKey } from './lifecycle.js';

/**
 * A timer fires at least once, possibly late or twice (BullMQ), so this decides nothing unless the
 * reminder is still due: the pledge is open and not under review, the deadline is the one the timer
 * was scheduled for, it has not passed (the lapse takes over), and this offset was not sent yet for
 * this deadline. A late reminder still goes out with the true number of days remaining.
 */
export function sendDeadlineReminder(
  command: SendDeadlineReminder,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  const { deadline, offsetDays } = command.data;
  const date = today(ctx.now);
  if (!LAPSABLE_STATUSES.includes(state.status) || state.deadline !== deadline || date >= deadline) return [];
  if (state.remindersSent.has(reminderKey(deadline, offsetDays))) return [];
  const missing = missingRequirements(judge(currentRule(state), state, date, ctx.catalogue)).map(
    (m) => m.message,
  );
  return [
    {
      type: 'DeadlineReminderSent',
      data: {
        cycle: state.cycle,
        deadline,
        offsetDays,
        sentAt: ctx.now,
        daysRemaining: daysBetween(date, deadline),
        missing,
      },
    },
  ];
}
