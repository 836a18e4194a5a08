import type { AgencyEvent } from '#events';
import { today } from '../decider.js';
import type { RevokeCertification } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { requireReason, requireStatus } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/** Revocation names the certificate so public verification shows that number as revoked. */
export function revokeCertification(
  command: RevokeCertification,
  state: AgencyState,
  ctx: AgencyDecisionContext,
): AgencyEvent[] {
  requireStatus(state, ['certified'], 'not-certified', 'revocation');
  requireReason(command.data.reason);
  return [
    {
      type: 'CertificationRevoked',
      data: {
        cycle: state.cycle,
        certificateNumber: state.certificate.number,
        revokedOn: today(ctx.now),
        reason: command.data.reason,
      },
    },
  ];
}
