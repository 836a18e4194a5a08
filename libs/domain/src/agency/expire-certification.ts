import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import type { ExpireCertification } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { requireAgency } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/**
 * Fired by the expiry timer. Like the lapse it never fires early (the certificate is valid through
 * `expiresOn`), never on another certificate than the one it was scheduled for (a recertified
 * agency holds a newer one), never on one without a term (One Mind 2016), and at most once.
 */
export function expireCertification(
  command: ExpireCertification,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireAgency(state);
  if (state.status !== 'certified') return [];
  const { number, expiresOn } = state.certificate;
  if (number !== command.data.certificateNumber || expiresOn === undefined || today(ctx.now) <= expiresOn)
    return [];
  return [
    {
      type: 'CertificationExpired',
      data: { cycle: state.cycle, certificateNumber: number, expiresOn, expiredAt: ctx.now },
    },
  ];
}
