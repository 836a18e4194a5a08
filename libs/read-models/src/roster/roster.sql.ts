import type Database from 'better-sqlite3';
import { atPosition, type EventStamp } from '../projection.js';
import { pgStatementWriter } from '../postgres/pg-writer.js';

export type RosterOp =
  | {
      op: 'partnership';
      agencyId: string;
      partnershipId: string;
      partnerName: string;
      partnerType: string;
      establishedOn: string;
    }
  | { op: 'partnership-ended'; agencyId: string; partnershipId: string; endedOn: string }
  | {
      op: 'policy';
      agencyId: string;
      policyId: string;
      title: string;
      version: string;
      adoptedOn: string;
      effectiveOn: string;
      basedOnIacpModel: number;
    }
  | {
      op: 'practice';
      agencyId: string;
      practiceId: string;
      implementedOn: string;
      /** JSON array of evidence ids. */
      evidenceIds: string;
      note: string | null;
    }
  | { op: 'officer-joined'; agencyId: string; officerRef: string; sworn: number; joinedOn: string }
  | { op: 'officer-separated'; agencyId: string; officerRef: string; separatedOn: string }
  | {
      op: 'officer-trained';
      agencyId: string;
      officerRef: string;
      programId: string;
      completedOn: string;
      expiresOn: string | null;
      hours: number | null;
      certificateRef: string | null;
    };

const guard = (table: string) => `WHERE ${table}.position < excluded.position`;

/** The writes, one statement per op, for SQLite and PostgreSQL alike (`@name` parameters). */
const ROSTER_SQL: Record<RosterOp['op'], string> = {
  partnership: `INSERT INTO partnerships (agency_id, partnership_id, partner_name, partner_type, established_on, ended_on, position)
         VALUES (@agencyId, @partnershipId, @partnerName, @partnerType, @establishedOn, NULL, @position)
         ON CONFLICT DO UPDATE SET partner_name = excluded.partner_name, partner_type = excluded.partner_type,
           established_on = excluded.established_on, ended_on = NULL, position = excluded.position ${guard('partnerships')}`,
  'partnership-ended': `UPDATE partnerships SET ended_on = @endedOn, position = @position
         WHERE agency_id = @agencyId AND partnership_id = @partnershipId AND position < @position`,
  policy: `INSERT INTO policies (agency_id, policy_id, title, version, adopted_on, effective_on, based_on_iacp_model, position)
         VALUES (@agencyId, @policyId, @title, @version, @adoptedOn, @effectiveOn, @basedOnIacpModel, @position)
         ON CONFLICT DO UPDATE SET title = excluded.title, version = excluded.version, adopted_on = excluded.adopted_on,
           effective_on = excluded.effective_on, based_on_iacp_model = excluded.based_on_iacp_model, position = excluded.position ${guard('policies')}`,
  // A later record of the same practice supersedes the earlier one, as in the domain's fold.
  practice: `INSERT INTO practices (agency_id, practice_id, implemented_on, evidence_ids, note, position)
         VALUES (@agencyId, @practiceId, @implementedOn, @evidenceIds, @note, @position)
         ON CONFLICT DO UPDATE SET implemented_on = excluded.implemented_on, evidence_ids = excluded.evidence_ids,
           note = excluded.note, position = excluded.position ${guard('practices')}`,
  // Re-joining starts a new stint (no separation); the person's trainings are kept.
  'officer-joined': `INSERT INTO officers (agency_id, officer_ref, sworn, joined_on, separated_on, position)
         VALUES (@agencyId, @officerRef, @sworn, @joinedOn, NULL, @position)
         ON CONFLICT DO UPDATE SET sworn = excluded.sworn, joined_on = excluded.joined_on, separated_on = NULL,
           position = excluded.position ${guard('officers')}`,
  'officer-separated': `UPDATE officers SET separated_on = @separatedOn, position = @position
         WHERE agency_id = @agencyId AND officer_ref = @officerRef AND position < @position`,
  // Like the domain's evolve: a record for an officer who is not on the roster changes nothing.
  'officer-trained': `INSERT OR IGNORE INTO trainings (position, agency_id, officer_ref, program_id, completed_on, expires_on, hours, certificate_ref)
         SELECT @position, @agencyId, @officerRef, @programId, @completedOn, @expiresOn, @hours, @certificateRef
         WHERE EXISTS (SELECT 1 FROM officers WHERE agency_id = @agencyId AND officer_ref = @officerRef)`,
};

/**
 * Writes of the normalized roster (officers, trainings, partnerships, policies): what the query side
 * needs to rebuild an AgencyState and run the one requirement evaluation. Guarded by position.
 */
export class RosterWriter {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = Object.fromEntries(
      Object.entries(ROSTER_SQL).map(([op, sql]) => [op, db.prepare(sql)]),
    ) as Record<RosterOp['op'], Database.Statement>;
  }

  apply(op: RosterOp, at: EventStamp): void {
    this.stmts[op.op].run(atPosition(op, at));
  }
}

/** RosterWriter on PostgreSQL. */
export const rosterPgWriter = pgStatementWriter<RosterOp>(ROSTER_SQL);

export interface OfficerRow {
  officer_ref: string;
  sworn: number;
  joined_on: string;
  separated_on: string | null;
}
export interface TrainingRow {
  officer_ref: string;
  program_id: string;
  completed_on: string;
  expires_on: string | null;
}
export interface PartnershipRow {
  partnership_id: string;
  partner_name: string;
  partner_type: string;
  established_on: string;
  ended_on: string | null;
}
export interface PolicyRow {
  policy_id: string;
  title: string;
  version: string;
  adopted_on: string;
  effective_on: string;
}

export interface PracticeRow {
  practice_id: string;
  implemented_on: string;
  evidence_ids: string;
  note: string | null;
}

export class RosterReader {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      officers: db.prepare(
        'SELECT officer_ref, sworn, joined_on, separated_on FROM officers WHERE agency_id = ?',
      ),
      trainings: db.prepare(
        'SELECT officer_ref, program_id, completed_on, expires_on FROM trainings WHERE agency_id = ? ORDER BY position',
      ),
      partnerships: db.prepare(
        'SELECT partnership_id, partner_name, partner_type, established_on, ended_on FROM partnerships WHERE agency_id = ?',
      ),
      // In log order, as the domain's Map holds them: of two policies in effect from the same day the
      // later adopted counts, and without an order SQLite gave them by (random) policy id.
      policies: db.prepare(
        'SELECT policy_id, title, version, adopted_on, effective_on FROM policies WHERE agency_id = ? ORDER BY position',
      ),
      practices: db.prepare(
        'SELECT practice_id, implemented_on, evidence_ids, note FROM practices WHERE agency_id = ? ORDER BY practice_id',
      ),
    };
  }

  officers(agencyId: string): OfficerRow[] {
    return this.stmts.officers.all(agencyId) as OfficerRow[];
  }
  trainings(agencyId: string): TrainingRow[] {
    return this.stmts.trainings.all(agencyId) as TrainingRow[];
  }
  partnerships(agencyId: string): PartnershipRow[] {
    return this.stmts.partnerships.all(agencyId) as PartnershipRow[];
  }
  policies(agencyId: string): PolicyRow[] {
    return this.stmts.policies.all(agencyId) as PolicyRow[];
  }
  practices(agencyId: string): PracticeRow[] {
    return this.stmts.practices.all(agencyId) as PracticeRow[];
  }
}
