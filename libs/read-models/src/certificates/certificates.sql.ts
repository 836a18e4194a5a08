import type Database from 'better-sqlite3';
import { atPosition, type EventStamp } from '../projection.js';

export type CertificateOp =
  /** The agency's first pledge: its primary campaign, kept for good (a later pledge changes nothing). */
  | { op: 'pledged'; agencyId: string; primaryCampaign: string }
  | {
      op: 'approved';
      number: string;
      agencyId: string;
      /** null: of the agency's primary campaign. */
      campaignId: string | null;
      codeSha256: string;
      effectiveOn: string;
      approvedAt: string;
    }
  | { op: 'issued'; number: string; sha256: string; issuedAt: string }
  | { op: 'revoked'; number: string; revokedOn: string }
  /** `expiresOn` is the last day it was valid (CertificationExpired). */
  | { op: 'expired'; number: string; expiresOn: string };

/** The public certificate registry. Only a hash of the verification code is kept here. */
export class CertificatesWriter {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      pledged: db.prepare(
        `INSERT INTO certificate_agencies (agency_id, primary_campaign, position)
         VALUES (@agencyId, @primaryCampaign, @position) ON CONFLICT DO NOTHING`,
      ),
      approved: db.prepare(
        `INSERT INTO certificates (number, agency_id, code_sha256, effective_on, approved_at, revoked, position, campaign_id)
         VALUES (@number, @agencyId, @codeSha256, @effectiveOn, @approvedAt, 0, @position,
           COALESCE(@campaignId, (SELECT primary_campaign FROM certificate_agencies WHERE agency_id = @agencyId)))
         ON CONFLICT DO UPDATE SET agency_id = excluded.agency_id, campaign_id = excluded.campaign_id,
           code_sha256 = excluded.code_sha256, effective_on = excluded.effective_on,
           approved_at = excluded.approved_at, sha256 = NULL, issued_at = NULL, revoked = 0, revoked_on = NULL, expired_on = NULL,
           position = excluded.position
         WHERE certificates.position < excluded.position`,
      ),
      issued: db.prepare(
        'UPDATE certificates SET sha256 = @sha256, issued_at = @issuedAt, position = @position WHERE number = @number AND position < @position',
      ),
      revoked: db.prepare(
        'UPDATE certificates SET revoked = 1, revoked_on = @revokedOn, position = @position WHERE number = @number AND position < @position',
      ),
      expired: db.prepare(
        'UPDATE certificates SET expired_on = @expiresOn, position = @position WHERE number = @number AND position < @position',
      ),
    };
  }

  apply(op: CertificateOp, at: EventStamp): void {
    this.stmts[op.op].run(atPosition(op, at));
  }
}

export interface CertificateRow {
  number: string;
  agency_id: string;
  code_sha256: string;
  effective_on: string;
  sha256: string | null;
  revoked: number;
  expired_on: string | null;
  agency_name: string | null;
  /** null only for a certificate of an agency whose primary campaign the migration could not tell. */
  campaign_id: string | null;
}

export class CertificatesReader {
  private readonly one;

  constructor(db: Database.Database) {
    this.one = db.prepare(
      `SELECT c.number, c.agency_id, c.code_sha256, c.effective_on, c.sha256, c.revoked, c.expired_on, a.name AS agency_name,
         c.campaign_id
       FROM certificates c LEFT JOIN agencies a ON a.agency_id = c.agency_id WHERE c.number = ?`,
    );
  }

  get(number: string): CertificateRow | undefined {
    return this.one.get(number) as CertificateRow | undefined;
  }
}
