import { createHash } from 'node:crypto';
import { ruleSet } from '#domain';
import { onAgencyStreams, unhandled, type Handled, type Projection } from '../projection.js';
import { CERTIFICATES_TABLES } from './certificates.tables.js';
import { CertificatesPgWriter, CertificatesWriter, type CertificateOp } from './certificates.sql.js';

/** The code is stored hashed: a leaked read-model file does not let anyone "verify" a forged copy. */
export const verificationCodeHash = (code: string): string => createHash('sha256').update(code).digest('hex');

/**
 * A certificate's events: nothing else concerns a certificate once issued. A pledge only tells the
 * agency's primary campaign (its first pledge's), the campaign of an approval naming none.
 */
export const CERTIFICATE_EVENTS = [
  'PledgeTaken',
  'CertificationApproved',
  'CertificateIssued',
  'CertificationRevoked',
  'CertificationExpired',
] as const;

export function evolveCertificates(e: Handled<typeof CERTIFICATE_EVENTS>, agencyId: string): CertificateOp[] {
  switch (e.type) {
    case 'PledgeTaken':
      // A pledge naming its campaign is never the first (CONTRACT: "has campaignId" ⇔ "not primary").
      return e.data.campaignId === undefined
        ? [{ op: 'pledged', agencyId, primaryCampaign: ruleSet(e.data.ruleSet).campaign }]
        : [];
    case 'CertificationApproved': {
      const d = e.data;
      return [
        {
          op: 'approved',
          number: d.certificateNumber,
          agencyId,
          campaignId: d.campaignId ?? null,
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
    case 'CertificationExpired':
      return [{ op: 'expired', number: e.data.certificateNumber, expiresOn: e.data.expiresOn }];
    default:
      return unhandled(e);
  }
}

export const certificatesProjection: Projection<CertificateOp> = {
  name: 'certificates',
  tables: CERTIFICATES_TABLES,
  ...onAgencyStreams(CERTIFICATE_EVENTS, evolveCertificates),
  writer: (db) => new CertificatesWriter(db),
  pgWriter: (tx) => new CertificatesPgWriter(tx),
};
