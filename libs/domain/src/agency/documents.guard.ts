import { DomainError } from '../errors.js';
import { requireAgency } from './agency.guards.js';
import type { AgencyState, CertifiedAgency } from './agency.state.js';

/**
 * Shared by the document jobs, which run after an approval, at least once. No certificate in this
 * cycle means the job was sent by mistake: an error. A certificate revoked before its job ran, or a
 * job pinned to another cycle's number, is no longer wanted: null, and the job decides nothing.
 * Otherwise the certified state, so the job reads its certificate and documents without a check.
 */
export function certifiedNow(state: AgencyState, pinnedNumber: string | undefined): CertifiedAgency | null {
  requireAgency(state);
  if (pinnedNumber !== undefined && pinnedNumber !== state.certificate?.number) return null;
  if (state.certificate === null)
    throw new DomainError('not-certified', 'this pledge cycle has no certificate');
  return state.status === 'certified' ? state : null;
}
