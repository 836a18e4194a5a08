import type { AgencyEvent } from '#events';
import type { RecordNotificationSent } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { requireAgency } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/**
 * The mail worker records a notification after SMTP accepted it. A job re-run (a stall, a crash
 * between send and record) sends the same mail again with the same Message-ID, and this answers []
 * for an id already recorded, so the log holds one NotificationSent per notification.
 */
export function recordNotificationSent(
  command: RecordNotificationSent,
  state: AgencyState,
  _ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  if (state.notificationsSent.has(command.data.notificationId)) return [];
  return [{ type: 'NotificationSent', data: command.data }];
}
