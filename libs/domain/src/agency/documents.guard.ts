import { DomainError } from '../errors.js';
import { requireAgency } from './agency.guards.js';
import type { AgencyState } from './agency.state.js';

/**
 * Shared by the document jobs, which run after an approval, at least once. No certificate in this
 * cycle means the job was sent by mistake: an error. A certificate revoked before its job ran, or a
 * job pinned to another cycle's number, is no longer wanted: null, and the job decides nothing.
 */
export function certifiedNow(
  state: AgencyState,
  pinnedNumber: string | undefined,
): NonNullable<AgencyState['certificate']> | null {
  requireAgency(state);
  const certificate = state.certificate;
  if (pinnedNumber !== undefined && pinnedNumber !== certificate?.number) return null;
  if (certificate === null) throw new DomainError('not-certified', 'this pledge cycle has no certificate');
  return state.status === 'certified' ? certificate : null;
}
