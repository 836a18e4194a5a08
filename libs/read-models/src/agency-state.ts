import type Database from 'better-sqlite3';
import {
  PersistentMap, initialAgencyState, initialCatalogue, reminderKey,
  type AgencyState, type AgencyStatus, type Catalogue, type OfficerRecord,
} from '../../domain/src/index.js';
import type { PartnerType, RuleSetId } from '../../events/src/index.js';
import { AgenciesReader, type AgencyRow } from './agencies.sql.js';
import { CatalogueReader } from './catalogue.sql.js';
import { RosterReader, type OfficerRow, type TrainingRow } from './roster.sql.js';

export interface StoredAgency {
  state: AgencyState;
  reminders: { offsetDays: number; sentAt: string }[];
  revision: string;
  position: string;
}

/**
 * Rebuilds the domain's AgencyState from the read-model rows, so the query side can call the one
 * requirement evaluation (`evaluate`) instead of re-implementing it in SQL. Read in one transaction:
 * a consistent snapshot even while the projector writes.
 */
export function loadAgency(db: Database.Database, agencyId: string): StoredAgency | null {
  return db.transaction(() => {
    const agencies = new AgenciesReader(db);
    const row = agencies.get(agencyId);
    if (!row) return null;
    const roster = new RosterReader(db);
    const reminders = agencies.reminders(agencyId, row.cycle);
    const state = toState(row, roster, agencyId, reminders);
    return { state, reminders: reminders.map(({ offsetDays, sentAt }) => ({ offsetDays, sentAt })), revision: row.revision, position: row.position };
  })();
}

export function loadCatalogue(db: Database.Database): Catalogue {
  const catalogue = initialCatalogue();
  for (const p of new CatalogueReader(db).programs()) catalogue.set(p.programId, p);
  return catalogue;
}

function toState(row: AgencyRow, roster: RosterReader, agencyId: string, reminders: { offsetDays: number; deadline: string }[]): AgencyState {
  return {
    ...initialAgencyState(),
    status: row.status as AgencyStatus,
    agencyId,
    cycle: row.cycle,
    profile: {
      name: row.name, country: row.country, signatory: JSON.parse(row.signatory), contact: JSON.parse(row.contact),
      ...(row.ori === null ? {} : { ori: row.ori }), ...(row.region === null ? {} : { region: row.region }),
      ...(row.agency_type === null ? {} : { agencyType: row.agency_type }),
    },
    ruleSet: row.rule_set as RuleSetId,
    pledgedOn: row.pledged_on,
    deadline: row.deadline,
    partnerships: new Map(roster.partnerships(agencyId).map((p) => [p.partnership_id, {
      partnerName: p.partner_name, partnerType: p.partner_type as PartnerType, establishedOn: p.established_on,
      ...(p.ended_on === null ? {} : { endedOn: p.ended_on }),
    }])),
    policies: new Map(roster.policies(agencyId).map((p) => [p.policy_id, { title: p.title, version: p.version, adoptedOn: p.adopted_on, effectiveOn: p.effective_on }])),
    officers: officersOf(roster.officers(agencyId), roster.trainings(agencyId)),
    submission: row.submitted_at ? { submittedAt: row.submitted_at, evaluation: JSON.parse(row.submission_evaluation ?? 'null') } : null,
    certificate: row.certificate_number ? {
      number: row.certificate_number, verificationCode: row.verification_code ?? '', effectiveOn: row.certificate_effective_on ?? '',
      ...(row.certificate_sha256 ? { sha256: row.certificate_sha256 } : {}), ...(row.certificate_issued_at ? { issuedAt: row.certificate_issued_at } : {}),
    } : null,
    letter: row.letter_sha256 && row.letter_issued_at ? { sha256: row.letter_sha256, issuedAt: row.letter_issued_at } : null,
    newsletterQueued: row.newsletter_queued === 1,
    remindersSent: new Set(reminders.map((r) => reminderKey(r.deadline, r.offsetDays))),
  };
}

function officersOf(officers: OfficerRow[], trainings: TrainingRow[]): PersistentMap<OfficerRecord> {
  const byRef = new Map<string, OfficerRecord['trainings'][number][]>();
  for (const t of trainings) {
    const list = byRef.get(t.officer_ref) ?? [];
    list.push(t.expires_on === null ? { programId: t.program_id, completedOn: t.completed_on } : { programId: t.program_id, completedOn: t.completed_on, expiresOn: t.expires_on });
    byRef.set(t.officer_ref, list);
  }
  return PersistentMap.from(officers.map((o): [string, OfficerRecord] => [o.officer_ref, {
    sworn: o.sworn === 1, joinedOn: o.joined_on, ...(o.separated_on === null ? {} : { separatedOn: o.separated_on }),
    trainings: byRef.get(o.officer_ref) ?? [],
  }]));
}
