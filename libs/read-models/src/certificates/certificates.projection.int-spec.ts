import type { AgencyEvent } from '#events';
import { AGENCY_ID, approved, pledged, submitted } from '#domain/testing';
import { projectionSpec } from '../testing/projection-spec.js';
import {
  certificatesProjection,
  evolveCertificates,
  verificationCodeHash,
} from './certificates.projection.js';

const spec = projectionSpec(certificatesProjection);
const NUMBER = 'OM-2025-TX-FLOWER-MOUND-PD-1';
const issued: AgencyEvent = {
  type: 'CertificateIssued',
  data: {
    cycle: 1,
    certificateNumber: NUMBER,
    sha256: 'cd'.repeat(32),
    issuedAt: '2025-09-10T10:05:00.000Z',
  },
};
const revoked: AgencyEvent = {
  type: 'CertificationRevoked',
  data: { cycle: 1, certificateNumber: NUMBER, revokedOn: '2026-01-02', reason: 'r' },
};

describe('certificates read model (the public registry)', () => {
  it('an approval registers the number with only a hash of the verification code', () => {
    spec
      .given([pledged(), submitted()])
      .when([approved()])
      .then('certificates', [
        {
          number: NUMBER,
          agency_id: AGENCY_ID,
          code_sha256: verificationCodeHash('CODE-1234'),
          effective_on: '2025-09-10',
          approved_at: '2025-09-10T10:00:00.000Z',
          sha256: null,
          revoked: 0,
          position: 3,
        },
      ]);
  });

  it('the document and a revocation are recorded on the number', () => {
    spec
      .given([pledged(), submitted(), approved()])
      .when([issued, revoked])
      .then('certificates', [
        {
          number: NUMBER,
          sha256: 'cd'.repeat(32),
          issued_at: '2025-09-10T10:05:00.000Z',
          revoked: 1,
          revoked_on: '2026-01-02',
          position: 5,
        },
      ]);
  });

  it('an expiry records the last day of validity; the number stays in the registry', () => {
    const expired: AgencyEvent = {
      type: 'CertificationExpired',
      data: {
        cycle: 1,
        certificateNumber: NUMBER,
        expiresOn: '2028-09-09',
        expiredAt: '2028-09-10T00:00:00.000Z',
      },
    };
    spec
      .given([pledged(), submitted(), approved(), issued])
      .when([expired])
      .then('certificates', [{ number: NUMBER, revoked: 0, expired_on: '2028-09-09', position: 5 }]);
  });

  it('nothing before an approval is a certificate', () => {
    spec.given([pledged()]).when([submitted()]).then('certificates', []);
  });

  it('an event it does not list fails to compile into its switch, and never reaches it', () => {
    // @ts-expect-error: evolveCertificates takes the CERTIFICATE_EVENTS only
    expect(() => evolveCertificates(submitted(), AGENCY_ID)).toThrow(/no handler for CertificationSubmitted/);
    expect(certificatesProjection.canHandle).not.toContain('CertificationSubmitted');
  });
});
