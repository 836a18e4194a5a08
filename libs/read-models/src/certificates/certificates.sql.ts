import type Database from 'better-sqlite3';
import type pg from 'pg';
import { atPosition, type EventStamp } from '../projection.js';
import type { PgQueryable } from '../postgres/pg-read-models.js';
import { PgStatement } from '../postgres/statement.js';

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

/** The writes, one statement per op, for SQLite and PostgreSQL alike (`@name` parameters). */
const CERTIFICATE_SQL: Record<CertificateOp['op'], string> = {
  pledged: `INSERT INTO certificate_agencies (agency_id, primary_campaign, position)
     VALUES (@agencyId, @primaryCampaign, @position) ON CONFLICT DO NOTHING`,
  approved: `INSERT INTO certificates (number, agency_id, code_sha256, effective_on, approved_at, revoked, position, campaign_id)
     VALUES (@number, @agencyId, @codeSha256, @effectiveOn, @approvedAt, 0, @position,
       COALESCE(@campaignId, (SELECT primary_campaign FROM certificate_agencies WHERE agency_id = @agencyId)))
     ON CONFLICT (number) DO UPDATE SET agency_id = excluded.agency_id, campaign_id = excluded.campaign_id,
       code_sha256 = excluded.code_sha256, effective_on = excluded.effective_on,
       approved_at = excluded.approved_at, sha256 = NULL, issued_at = NULL, revoked = 0, revoked_on = NULL, expired_on = NULL,
       position = excluded.position
     WHERE certificates.position < excluded.position`,
  issued:
    'UPDATE certificates SET sha256 = @sha256, issued_at = @issuedAt, position = @position WHERE number = @number AND position < @position',
  revoked:
    'UPDATE certificates SET revoked = 1, revoked_on = @revokedOn, position = @position WHERE number = @number AND position < @position',
  expired:
    'UPDATE certificates SET expired_on = @expiresOn, position = @position WHERE number = @number AND position < @position',
};

/** The public certificate registry. Only a hash of the verification code is kept here. */
export class CertificatesWriter {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      pledged: db.prepare(CERTIFICATE_SQL.pledged),
      approved: db.prepare(CERTIFICATE_SQL.approved),
      issued: db.prepare(CERTIFICATE_SQL.issued),
      revoked: db.prepare(CERTIFICATE_SQL.revoked),
      expired: db.prepare(CERTIFICATE_SQL.expired),
    };
  }

  apply(op: CertificateOp, at: EventStamp): void {
    this.stmts[op.op].run(atPosition(op, at));
  }
}

const PG_STATEMENTS = {
  pledged: new PgStatement(CERTIFICATE_SQL.pledged),
  approved: new PgStatement(CERTIFICATE_SQL.approved),
  issued: new PgStatement(CERTIFICATE_SQL.issued),
  revoked: new PgStatement(CERTIFICATE_SQL.revoked),
  expired: new PgStatement(CERTIFICATE_SQL.expired),
};

/** CertificatesWriter on PostgreSQL, in the batch transaction `tx`. */
export class CertificatesPgWriter {
  constructor(private readonly tx: PgQueryable) {}

  async apply(op: CertificateOp, at: EventStamp): Promise<void> {
    await PG_STATEMENTS[op.op].send(this.tx, atPosition(op, at));
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

const CERTIFICATE_BY_NUMBER = `SELECT c.number, c.agency_id, c.code_sha256, c.effective_on, c.sha256, c.revoked, c.expired_on,
     a.name AS agency_name, c.campaign_id
   FROM certificates c LEFT JOIN agencies a ON a.agency_id = c.agency_id WHERE c.number = @number`;

export class CertificatesReader {
  private readonly one;

  constructor(db: Database.Database) {
    this.one = db.prepare(CERTIFICATE_BY_NUMBER);
  }

  get(number: string): CertificateRow | undefined {
    return this.one.get({ number }) as CertificateRow | undefined;
  }
}

const PG_CERTIFICATE_BY_NUMBER = new PgStatement(CERTIFICATE_BY_NUMBER);

/** CertificatesReader on PostgreSQL (a pool on the live generation). */
export const certificatesPgReader = {
  async get(q: PgQueryable, number: string): Promise<CertificateRow | undefined> {
    return (await PG_CERTIFICATE_BY_NUMBER.run<CertificateRow & pg.QueryResultRow>(q, { number })).rows[0];
  },
};
