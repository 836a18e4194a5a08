import { createHash } from 'node:crypto';
import type { AgencyEvent } from '#events';
import { onAgencyStreams, unhandled, type Projection } from '../projection.js';
import { CERTIFICATES_TABLES } from './certificates.tables.js';
import { CertificatesWriter, type CertificateOp } from './certificates.sql.js';

/** The code is stored hashed: a leaked read-model file does not let anyone "verify" a forged copy. */
export const verificationCodeHash = (code: string): string => createHash('sha256').update(code).digest('hex');

export function evolveCertificates(e: AgencyEvent, agencyId: string): CertificateOp[] {
  switch (e.type) {
    case 'CertificationApproved': {
      const d = e.data;
      return [
        {
          op: 'approved',
          number: d.certificateNumber,
          agencyId,
          codeSha256: verificationCodeHash(d.verificationCode),
          effectiveOn: d.effectiveOn,
          approvedAt: d.approvedAt,
        },
      ];
    }
    case 'CertificateIssued':
      return [
        { op: 'issued', number: e.data.certificateNumber, sha256: e.data.sha256, issuedAt: e.data.issuedAt },
      ];
    case 'CertificationRevoked':
      return [{ op: 'revoked', number: e.data.certificateNumber, revokedOn: e.data.revokedOn }];
    // Nothing else concerns a certificate once issued.
    case 'PledgeTaken':
    case 'PartnershipEstablished':
    case 'PartnershipEnded':
    case 'PolicyAdopted':
    case 'OfficerJoined':
    case 'OfficerSeparated':
    case 'OfficerTrained':
    case 'CertificationSubmitted':
    case 'CertificationChangesRequested':
    case 'DeadlineExtended':
    case 'PledgeWithdrawn':
    case 'DeadlineReminderSent':
    case 'PledgeLapsed':
    case 'PresidentialLetterIssued':
    case 'NewsletterFeatureQueued':
      return [];
    default:
      return unhandled(e);
  }
}

export const certificatesProjection: Projection<CertificateOp> = {
  name: 'certificates',
  tables: CERTIFICATES_TABLES,
  project: onAgencyStreams(evolveCertificates),
  writer: (db) => new CertificatesWriter(db),
};
