import type Database from 'better-sqlite3';
import {
  initialCatalogue,
  type AgencyStatus,
  type Catalogue,
  type OfficerRecord,
  type PartnershipRecord,
  type PolicyRecord,
  type PracticeRecord,
  type RequirementDecision,
} from '#domain';
import type { PartnerType, RuleSetId } from '#events';
import { AgenciesReader, type AgencyRow } from './agencies/agencies.sql.js';
import type { ReviewRecord, ViewedAgency } from './agency-view.js';
import { CatalogueReader } from './catalogue/catalogue.sql.js';
import { ReviewReader } from './review/review.sql.js';
import { RosterReader, type OfficerRow, type TrainingRow } from './roster/roster.sql.js';

/** The records `evaluate` reads, from the roster rows; officers keyed by reference. */
export interface AgencyRecords {
  partnerships: Map<string, PartnershipRecord>;
  policies: Map<string, PolicyRecord>;
  officers: Map<string, OfficerRecord>;
  practices: Map<string, PracticeRecord>;
}

export interface StoredAgency {
  state: ViewedAgency & AgencyRecords;
  reminders: { offsetDays: number; sentAt: string }[];
  revision: string;
  position: string;
}

/**
 * What the query side needs of an agency: its row as the view shows it and the records the one
 * requirement evaluation (`evaluate`) reads, so the numbers are never re-implemented in SQL. Read
 * in one transaction: a consistent snapshot even while the projector writes. `records` may hand
 * back the records of an earlier read at the same revision (reading a 32,300-officer roster is
 * the costly part; it changes only with the agency's stream).
 */
export function loadAgency(
  db: Database.Database,
  agencyId: string,
  records: (revision: string, read: () => AgencyRecords) => AgencyRecords = (_r, read) => read(),
): StoredAgency | null {
  return db.transaction(() => {
    const agencies = new AgenciesReader(db);
    const row = agencies.get(agencyId);
    if (!row) return null;
    const reminders = agencies
      .reminders(agencyId, row.cycle)
      .map(({ offsetDays, sentAt }) => ({ offsetDays, sentAt }));
    const state = {
      ...viewedAgency(row, reviewOf(new ReviewReader(db), agencyId, row.cycle)),
      ...records(row.revision, () => readRecords(new RosterReader(db), agencyId)),
    };
    return { state, reminders, revision: row.revision, position: row.position };
  })();
}

export function loadCatalogue(db: Database.Database): Catalogue {
  const catalogue = initialCatalogue();
  for (const p of new CatalogueReader(db).programs()) catalogue.set(p.programId, p);
  return catalogue;
}

/** The read model's current round, if it belongs to the row's cycle (both read in one snapshot). */
function reviewOf(reader: ReviewReader, agencyId: string, cycle: number): ReviewRecord | null {
  const r = reader.of(agencyId);
  if (!r || r.cycle !== cycle) return null;
  return {
    round: r.round,
    submittedAt: r.submitted_at,
    ...(r.note === null ? {} : { note: r.note }),
    decisions: new Map(
      r.decisions.map((d): [string, RequirementDecision] => [
        d.requirement,
        {
          decision: d.decision as RequirementDecision['decision'],
          ...(d.message === null ? {} : { message: d.message }),
          decidedBy: d.decided_by,
          decidedAt: d.decided_at,
        },
      ]),
    ),
  };
}

function viewedAgency(row: AgencyRow, review: ReviewRecord | null): ViewedAgency {
  return {
    status: row.status as AgencyStatus,
    profile: {
      name: row.name,
      country: row.country,
      ...(row.ori === null ? {} : { ori: row.ori }),
      ...(row.region === null ? {} : { region: row.region }),
    },
    ruleSet: row.rule_set as RuleSetId,
    pledgedOn: row.pledged_on,
    deadline: row.deadline,
    cycle: row.cycle,
    submission: row.submitted_at ? { submittedAt: row.submitted_at } : null,
    certificate: row.certificate_number
      ? {
          number: row.certificate_number,
          verificationCode: row.verification_code ?? '',
          effectiveOn: row.certificate_effective_on ?? '',
          ...(row.certificate_sha256 ? { sha256: row.certificate_sha256 } : {}),
          ...(row.certificate_issued_at ? { issuedAt: row.certificate_issued_at } : {}),
        }
      : null,
    letter:
      row.letter_sha256 && row.letter_issued_at
        ? { sha256: row.letter_sha256, issuedAt: row.letter_issued_at }
        : null,
    review,
  };
}

function readRecords(roster: RosterReader, agencyId: string): AgencyRecords {
  return {
    partnerships: new Map(
      roster.partnerships(agencyId).map((p): [string, PartnershipRecord] => [
        p.partnership_id,
        {
          partnerName: p.partner_name,
          partnerType: p.partner_type as PartnerType,
          establishedOn: p.established_on,
          ...(p.ended_on === null ? {} : { endedOn: p.ended_on }),
        },
      ]),
    ),
    policies: new Map(
      roster
        .policies(agencyId)
        .map((p) => [
          p.policy_id,
          { title: p.title, version: p.version, adoptedOn: p.adopted_on, effectiveOn: p.effective_on },
        ]),
    ),
    officers: officersOf(roster.officers(agencyId), roster.trainings(agencyId)),
    practices: new Map(
      roster.practices(agencyId).map((p): [string, PracticeRecord] => [
        p.practice_id,
        {
          implementedOn: p.implemented_on,
          evidenceIds: JSON.parse(p.evidence_ids) as string[],
          ...(p.note === null ? {} : { note: p.note }),
        },
      ]),
    ),
  };
}

function officersOf(officers: OfficerRow[], trainings: TrainingRow[]): Map<string, OfficerRecord> {
  const byRef = new Map<string, OfficerRecord['trainings'][number][]>();
  for (const t of trainings) {
    const list = byRef.get(t.officer_ref) ?? [];
    list.push(
      t.expires_on === null
        ? { programId: t.program_id, completedOn: t.completed_on }
        : { programId: t.program_id, completedOn: t.completed_on, expiresOn: t.expires_on },
    );
    byRef.set(t.officer_ref, list);
  }
  return new Map(
    officers.map((o): [string, OfficerRecord] => [
      o.officer_ref,
      {
        sworn: o.sworn === 1,
        joinedOn: o.joined_on,
        ...(o.separated_on === null ? {} : { separatedOn: o.separated_on }),
        trainings: byRef.get(o.officer_ref) ?? [],
      },
    ]),
  );
}
