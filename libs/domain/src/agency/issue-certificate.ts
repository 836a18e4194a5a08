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
  const certified = certifiedNow(state, command.data.certificateNumber);
  if (!certified || certified.certificate.sha256 !== undefined) return [];
  const { certificate } = certified;
  const { sha256, issuedAt } = command.data;
  return [
    {
      type: 'CertificateIssued',
      data: { cycle: certified.cycle, certificateNumber: certificate.number, sha256, issuedAt },
    },
  ];
}
