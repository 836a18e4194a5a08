import type Database from 'better-sqlite3';
import { atPosition, type EventStamp } from '../projection.js';
import { pgStatementWriter } from '../postgres/pg-writer.js';

export interface EvidenceOp {
  op: 'attached';
  agencyId: string;
  evidenceId: string;
  requirement: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  description: string | null;
  attachedAt: string;
  attachedBy: string;
}

const EVIDENCE_SQL: Record<EvidenceOp['op'], string> = {
  attached: `INSERT INTO evidence (agency_id, evidence_id, requirement, filename, media_type, size, sha256, description,
         attached_at, attached_by, position)
       VALUES (@agencyId, @evidenceId, @requirement, @filename, @mediaType, @size, @sha256, @description,
         @attachedAt, @attachedBy, @position)
       ON CONFLICT DO NOTHING`,
};

/** Evidence is never edited: one row per EvidenceAttached, written once (a replay changes nothing). */
export class EvidenceWriter {
  private readonly insert;

  constructor(db: Database.Database) {
    this.insert = db.prepare(EVIDENCE_SQL.attached);
  }

  apply(op: EvidenceOp, at: EventStamp): void {
    this.insert.run(atPosition(op, at));
  }
}

/** EvidenceWriter on PostgreSQL. */
export const evidencePgWriter = pgStatementWriter<EvidenceOp>(EVIDENCE_SQL);

/** One item of `GET /v1/agencies/{agencyId}/evidence` (API-next.md). */
export interface EvidenceItem {
  evidenceId: string;
  requirement: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  description?: string;
  attachedAt: string;
  attachedBy: string;
}

interface EvidenceRow {
  evidence_id: string;
  requirement: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  description: string | null;
  attached_at: string;
  attached_by: string;
}

export class EvidenceReader {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      list: db.prepare(
        `SELECT evidence_id, requirement, filename, media_type, size, sha256, description, attached_at, attached_by
         FROM evidence WHERE agency_id = ? ORDER BY position`,
      ),
      counts: db.prepare(
        'SELECT requirement, COUNT(*) AS n FROM evidence WHERE agency_id = ? GROUP BY requirement ORDER BY requirement',
      ),
    };
  }

  /** Every document the agency attached, oldest first. */
  list(agencyId: string): EvidenceItem[] {
    return (this.stmts.list.all(agencyId) as EvidenceRow[]).map((r) => ({
      evidenceId: r.evidence_id,
      requirement: r.requirement,
      filename: r.filename,
      mediaType: r.media_type,
      size: r.size,
      sha256: r.sha256,
      ...(r.description === null ? {} : { description: r.description }),
      attachedAt: r.attached_at,
      attachedBy: r.attached_by,
    }));
  }

  /** The agency view's `evidence`: how many documents back each requirement. */
  countsByRequirement(agencyId: string): Record<string, number> {
    const rows = this.stmts.counts.all(agencyId) as { requirement: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.requirement, r.n]));
  }
}

/**
 * The agency's evidence grouped by requirement, for the staff review answer (each requirement with
 * the documents behind it).
 */
export function evidenceByRequirement(
  db: Database.Database,
  agencyId: string,
): Record<string, EvidenceItem[]> {
  const grouped: Record<string, EvidenceItem[]> = {};
  for (const item of new EvidenceReader(db).list(agencyId)) (grouped[item.requirement] ??= []).push(item);
  return grouped;
}
