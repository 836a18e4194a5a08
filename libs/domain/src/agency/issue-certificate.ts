import type { AgencyEvent } from '#events';
import type { IssueCertificate } from './agency.commands.js';
import type { AgencyDecisionContext } from './agency.context.js';
import { certifiedNow } from './documents.guard.js';
import type { AgencyState } from './agency.state.js';

/** Records the rendered certificate PDF's hash, once per cycle; a repeated job decides nothing. */
export function issueCertificate(
  command: IssueCertificate,
  state: AgencyState,
  _ctx: AgencyDecisionContext,
): AgencyEvent[] {
  const certificate = certifiedNow(state, command.data.certificateNumber);
  if (!certificate || certificate.sha256 !== undefined) return [];
  const { sha256, issuedAt } = command.data;
  return [
    {
      type: 'CertificateIssued',
      data: { cycle: state.cycle, certificateNumber: certificate.number, sha256, issuedAt },
    },
  ];
}
