import { createHash, timingSafeEqual } from 'node:crypto';
import { CertificatesReader, certificatesPgReader, type CertificateRow } from '#read-models';
import type { ReadModels } from './read-models.service.js';

export interface CertificateCheck {
  valid: boolean;
  number: string;
  agencyId: string;
  agencyName: string | null;
  effectiveOn: string;
  revoked: boolean;
  /** The last day of validity of an expired certificate (CertificationExpired); null while it is valid. */
  expiredOn: string | null;
  /** The issued certificate PDF's SHA-256; null until the document job has issued it. */
  sha256: string | null;
  /** The campaign the certificate is of (an agency may hold one per campaign, ADR 0008). */
  campaignId: string | null;
}

/**
 * G9's check, for the JSON route and the human page alike: null for an unknown number and for a
 * wrong (or no) code, so no answer tells which of the two was wrong.
 */
export async function checkCertificate(
  readModels: ReadModels,
  number: string,
  code = '',
): Promise<CertificateCheck | null> {
  const row = number.length <= 128 ? await findCertificate(readModels, number) : undefined;
  const given = createHash('sha256').update(code).digest();
  const stored = Buffer.from(row?.code_sha256 ?? '0'.repeat(64), 'hex');
  // Compared in constant time even when the number is unknown: timing says nothing either.
  if (!timingSafeEqual(given, stored) || !row || !code) return null;
  return {
    valid: row.revoked === 0 && row.expired_on === null,
    number: row.number,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    effectiveOn: row.effective_on,
    revoked: row.revoked === 1,
    expiredOn: row.expired_on,
    sha256: row.sha256,
    campaignId: row.campaign_id,
  };
}

async function findCertificate(readModels: ReadModels, number: string): Promise<CertificateRow | undefined> {
  if (readModels.onPostgres) return readModels.pgRead((pool) => certificatesPgReader.get(pool, number));
  return new CertificatesReader(readModels.db()).get(number);
}
