import { createHash } from 'node:crypto';
import { agencyIdOf } from '../../../../libs/events/src/index.js';
import { CertificatesWriter, type CertificateOp } from '../../../../libs/read-models/src/index.js';
import type { DecodedEvent, Projection } from './projection.js';

/** The code is stored hashed: a leaked read-model file does not let anyone "verify" a forged copy. */
export const verificationCodeHash = (code: string): string => createHash('sha256').update(code).digest('hex');

export const certificatesProjection: Projection<CertificateOp> = {
  name: 'certificates',
  writer: (db) => new CertificatesWriter(db),
  project(e: DecodedEvent): CertificateOp[] {
    const agencyId = agencyIdOf(e.streamId);
    if (agencyId === null) return [];
    const d = e.data;
    switch (e.type) {
      case 'CertificationApproved':
        return [{ op: 'approved', number: d.certificateNumber, agencyId, codeSha256: verificationCodeHash(d.verificationCode), effectiveOn: d.effectiveOn, approvedAt: d.approvedAt }];
      case 'CertificateIssued':
        return [{ op: 'issued', number: d.certificateNumber, sha256: d.sha256, issuedAt: d.issuedAt }];
      case 'CertificationRevoked':
        return [{ op: 'revoked', number: d.certificateNumber, revokedOn: d.revokedOn }];
      default:
        return [];
    }
  },
};
