import type Database from 'better-sqlite3';
import type pg from 'pg';
import { OPEN_STATUSES, certificationExpiresOn, findRuleSet } from '#domain';
import { atPosition, type EventStamp } from '../projection.js';
import type { PgQueryable } from '../postgres/pg-read-models.js';
import { lazyStatement, pgRead } from '../postgres/pg-writer.js';

/** Columns a projection may set on an agency row besides the pledge itself. */
export interface AgencyFields {
  status?: string;
  cycle?: number;
  rule_set?: string;
  pledged_on?: string;
  deadline?: string;
  submitted_at?: string | null;
  submission_evaluation?: string | null;
  certificate_number?: string | null;
  verification_code?: string | null;
  certificate_effective_on?: string | null;
  certificate_issued_at?: string | null;
  certificate_sha256?: string | null;
  letter_issued_at?: string | null;
  letter_sha256?: string | null;
  newsletter_queued?: number;
}
const FIELD_NAMES = new Set([
  'status',
  'cycle',
  'rule_set',
  'pledged_on',
  'deadline',
  'submitted_at',
  'submission_evaluation',
  'certificate_number',
  'verification_code',
  'certificate_effective_on',
  'certificate_issued_at',
  'certificate_sha256',
  'letter_issued_at',
  'letter_sha256',
  'newsletter_queued',
]);

export interface PledgeRow {
  agency_id: string;
  cycle: number;
  name: string;
  ori: string | null;
  country: string;
  region: string | null;
  agency_type: string | null;
  signatory: string;
  contact: string;
  rule_set: string;
  commitment_months: number;
  pledged_on: string;
  deadline: string;
  /** The campaign of the agency's first pledge; a later pledge leaves it as it is. */
  primary_campaign: string;
}

/** Columns of an `agency_campaigns` row that an event may set besides its cycle's start. */
export interface CampaignFields {
  status?: string;
  submitted_at?: string;
  deadline?: string;
}
const CAMPAIGN_FIELD_NAMES = new Set(['status', 'submitted_at', 'deadline']);

/** Which campaign's row: `campaignId` null is the agency's primary campaign (its row says which). */
interface OfCampaignRow {
  agencyId: string;
  campaignId: string | null;
}

export type AgencyOp =
  | { op: 'pledge'; row: PledgeRow }
  | { op: 'update'; agencyId: string; fields: AgencyFields }
  | {
      op: 'reminder';
      agencyId: string;
      /** null: the primary campaign's reminder (the agency view lists those). */
      campaignId: string | null;
      cycle: number;
      deadline: string;
      offsetDays: number;
      sentAt: string;
    }
  | { op: 'certificate-issued'; agencyId: string; fields: AgencyFields }
  | (OfCampaignRow & {
      op: 'campaign-cycle';
      status: string;
      cycle: number;
      ruleSet: string;
      pledgedOn: string;
      deadline: string;
    })
  | (OfCampaignRow & { op: 'campaign-update'; fields: CampaignFields })
  | (OfCampaignRow & {
      op: 'campaign-approved';
      status: string;
      certificateNumber: string;
      effectiveOn: string;
    });

/** The campaign a campaign op writes to: the one it names, else the agency's primary campaign. */
const CAMPAIGN_OF_OP = `COALESCE(@campaignId, (SELECT primary_campaign FROM agencies WHERE agency_id = @agencyId))`;

/** The writes (and the one read) of the agencies writer, for SQLite and PostgreSQL alike (`@name` parameters). */
const AGENCY_SQL = {
  // A new pledge cycle starts the review over: everything of the previous cycle is cleared.
  pledge: `INSERT INTO agencies (agency_id, status, cycle, name, ori, country, region, agency_type, signatory, contact, rule_set,
         commitment_months, pledged_on, deadline, newsletter_queued, revision, position, primary_campaign)
       VALUES (@agency_id, 'pledged', @cycle, @name, @ori, @country, @region, @agency_type, @signatory, @contact, @rule_set,
         @commitment_months, @pledged_on, @deadline, 0, @revision, @position, @primary_campaign)
       ON CONFLICT (agency_id) DO UPDATE SET status = 'pledged', cycle = excluded.cycle, name = excluded.name, ori = excluded.ori,
         country = excluded.country, region = excluded.region, agency_type = excluded.agency_type, signatory = excluded.signatory,
         contact = excluded.contact, rule_set = excluded.rule_set, commitment_months = excluded.commitment_months,
         pledged_on = excluded.pledged_on, deadline = excluded.deadline, submitted_at = NULL, submission_evaluation = NULL,
         certificate_number = NULL, verification_code = NULL, certificate_effective_on = NULL, certificate_issued_at = NULL,
         certificate_sha256 = NULL, letter_issued_at = NULL, letter_sha256 = NULL, newsletter_queued = 0,
         revision = excluded.revision, position = excluded.position,
         primary_campaign = COALESCE(agencies.primary_campaign, excluded.primary_campaign)
       WHERE agencies.position < excluded.position`,
  reminder: `INSERT OR IGNORE INTO reminders (position, agency_id, cycle, deadline, offset_days, sent_at, campaign_id)
       VALUES (@position, @agencyId, @cycle, @deadline, @offsetDays, @sentAt, @campaignId)`,
  // A campaign's new cycle (a pledge, a recertification) starts without submission or certificate.
  // Nothing is written for an agency whose primary campaign is unknown (a row from before the
  // migration, of a published campaign: `onemind rebuild --projection agencies` fills it).
  campaignCycle: `INSERT INTO agency_campaigns (agency_id, campaign_id, status, rule_set, cycle, pledged_on, deadline, position)
       SELECT @agencyId, campaign, @status, @ruleSet, @cycle, @pledgedOn, @deadline, @position
       FROM (SELECT ${CAMPAIGN_OF_OP} AS campaign) AS c WHERE campaign IS NOT NULL
       ON CONFLICT (agency_id, campaign_id) DO UPDATE SET status = excluded.status, rule_set = excluded.rule_set,
         cycle = excluded.cycle, pledged_on = excluded.pledged_on, deadline = excluded.deadline, submitted_at = NULL,
         certificate_number = NULL, effective_on = NULL, expires_on = NULL, position = excluded.position
       WHERE agency_campaigns.position < excluded.position`,
  ruleSetOfCampaign: `SELECT rule_set FROM agency_campaigns WHERE agency_id = @agencyId AND campaign_id = ${CAMPAIGN_OF_OP}`,
  campaignApproved: `UPDATE agency_campaigns SET status = @status, certificate_number = @certificateNumber,
         effective_on = @effectiveOn, expires_on = @expiresOn, position = @position
       WHERE agency_id = @agencyId AND campaign_id = ${CAMPAIGN_OF_OP} AND position < @position`,
};

/** `UPDATE agency_campaigns` of the named columns (checked against CAMPAIGN_FIELD_NAMES). */
function campaignUpdateSql(names: string[]): string {
  if (names.some((n) => !CAMPAIGN_FIELD_NAMES.has(n)))
    throw new Error(`agency_campaigns: unknown column in ${names.join(', ')}`);
  return `UPDATE agency_campaigns SET ${names.map((n) => `${n} = @${n}`).join(', ')}, position = @position
         WHERE agency_id = @agencyId AND campaign_id = ${CAMPAIGN_OF_OP} AND position < @position`;
}

/** `UPDATE agencies` of the named columns (checked against FIELD_NAMES), revision and position. */
function agencyUpdateSql(names: string[], extra: string): string {
  if (names.some((n) => !FIELD_NAMES.has(n)))
    throw new Error(`agencies: unknown column in ${names.join(', ')}`);
  const sets = [...names.map((n) => `${n} = @${n}`), 'revision = @revision', 'position = @position'].join(
    ', ',
  );
  return `UPDATE agencies SET ${sets} WHERE agency_id = @agencyId AND position < @position ${extra}`;
}

/**
 * Writes of the `agencies` read model (agencies + reminders). Every write is guarded by position
 * (`position < @position`): applying an event a second time changes nothing.
 */
export class AgenciesWriter {
  private readonly pledge;
  private readonly reminder;
  private readonly campaignCycle;
  private readonly campaignApproved;
  private readonly ruleSetOfCampaign;
  private readonly updates = new Map<string, Database.Statement>();
  /** Revision/position bumps of roster events, coalesced per agency until `flush` (end of batch). */
  private readonly touches = new Map<string, EventStamp>();

  constructor(private readonly db: Database.Database) {
    this.pledge = db.prepare(AGENCY_SQL.pledge);
    this.reminder = db.prepare(AGENCY_SQL.reminder);
    this.campaignCycle = db.prepare(AGENCY_SQL.campaignCycle);
    this.ruleSetOfCampaign = db.prepare(AGENCY_SQL.ruleSetOfCampaign).pluck();
    this.campaignApproved = db.prepare(AGENCY_SQL.campaignApproved);
  }

  apply(op: AgencyOp, at: EventStamp): void {
    switch (op.op) {
      case 'pledge':
        this.pledge.run({ ...op.row, revision: at.revision, position: at.position });
        return;
      case 'reminder': {
        this.reminder.run(atPosition(op, at));
        this.touches.set(op.agencyId, at);
        return;
      }
      case 'certificate-issued':
        this.update(op.agencyId, op.fields, at, 'AND certificate_number IS NOT NULL');
        return;
      case 'update':
        if (Object.keys(op.fields).length === 0) this.touches.set(op.agencyId, at);
        else this.update(op.agencyId, op.fields, at);
        return;
      case 'campaign-cycle':
        this.campaignCycle.run(atPosition(op, at));
        return;
      case 'campaign-update':
        this.updateCampaign(op, at);
        return;
      case 'campaign-approved': {
        // The term is the cycle's rule set's, read from the row the cycle's start wrote.
        const rule = findRuleSet((this.ruleSetOfCampaign.get(op) as string | undefined) ?? '');
        const expiresOn = (rule && certificationExpiresOn(rule, op.effectiveOn)) ?? null;
        this.campaignApproved.run({ ...atPosition(op, at), expiresOn });
        return;
      }
    }
  }

  private updateCampaign(op: OfCampaignRow & { fields: CampaignFields }, at: EventStamp): void {
    const names = Object.keys(op.fields).sort();
    const key = `campaign|${names.join(',')}`;
    let stmt = this.updates.get(key);
    if (!stmt) {
      stmt = this.db.prepare(campaignUpdateSql(names));
      this.updates.set(key, stmt);
    }
    stmt.run({ ...op.fields, agencyId: op.agencyId, campaignId: op.campaignId, position: at.position });
  }

  /** Applies the coalesced bumps; guarded by position, so a later field update in the batch wins. */
  flush(): void {
    for (const [agencyId, at] of this.touches) this.update(agencyId, {}, at);
    this.touches.clear();
  }

  private update(agencyId: string, fields: AgencyFields, at: EventStamp, extra = ''): void {
    const names = Object.keys(fields).sort();
    const key = `${names.join(',')}|${extra}`;
    let stmt = this.updates.get(key);
    if (!stmt) {
      stmt = this.db.prepare(agencyUpdateSql(names, extra));
      this.updates.set(key, stmt);
    }
    const result = stmt.run({ ...fields, agencyId, revision: at.revision, position: at.position });
    // The documents' event only changes a certified row; the revision must still move on.
    if (result.changes === 0 && extra) this.update(agencyId, {}, at);
  }
}

const PG_AGENCY = {
  pledge: lazyStatement(AGENCY_SQL.pledge),
  reminder: lazyStatement(AGENCY_SQL.reminder),
  campaignCycle: lazyStatement(AGENCY_SQL.campaignCycle),
  ruleSetOfCampaign: lazyStatement(AGENCY_SQL.ruleSetOfCampaign),
  campaignApproved: lazyStatement(AGENCY_SQL.campaignApproved),
};
const pgUpdates = new Map<string, ReturnType<typeof lazyStatement>>();
const pgUpdate = (key: string, sql: () => string) => {
  let statement = pgUpdates.get(key);
  if (!statement) pgUpdates.set(key, (statement = lazyStatement(sql())));
  return statement;
};

/** AgenciesWriter on PostgreSQL, in the batch transaction `tx`: the same statements, in the same order. */
export class AgenciesPgWriter {
  private readonly touches = new Map<string, EventStamp>();

  constructor(private readonly tx: PgQueryable) {}

  async apply(op: AgencyOp, at: EventStamp): Promise<void> {
    switch (op.op) {
      case 'pledge':
        await PG_AGENCY.pledge.send(this.tx, { ...op.row, revision: at.revision, position: at.position });
        return;
      case 'reminder':
        await PG_AGENCY.reminder.send(this.tx, atPosition(op, at));
        this.touches.set(op.agencyId, at);
        return;
      case 'certificate-issued':
        await this.update(op.agencyId, op.fields, at, 'AND certificate_number IS NOT NULL');
        return;
      case 'update':
        if (Object.keys(op.fields).length === 0) this.touches.set(op.agencyId, at);
        else await this.update(op.agencyId, op.fields, at);
        return;
      case 'campaign-cycle':
        await PG_AGENCY.campaignCycle.send(this.tx, atPosition(op, at));
        return;
      case 'campaign-update': {
        const names = Object.keys(op.fields).sort();
        await pgUpdate(`campaign|${names.join(',')}`, () => campaignUpdateSql(names)).send(this.tx, {
          ...op.fields,
          agencyId: op.agencyId,
          campaignId: op.campaignId,
          position: at.position,
        });
        return;
      }
      case 'campaign-approved': {
        const { rows } = await PG_AGENCY.ruleSetOfCampaign.run<{ rule_set: string }>(this.tx, op);
        const rule = findRuleSet(rows[0]?.rule_set ?? '');
        const expiresOn = (rule && certificationExpiresOn(rule, op.effectiveOn)) ?? null;
        await PG_AGENCY.campaignApproved.send(this.tx, { ...atPosition(op, at), expiresOn });
        return;
      }
    }
  }

  async flush(): Promise<void> {
    for (const [agencyId, at] of this.touches) await this.update(agencyId, {}, at);
    this.touches.clear();
  }

  private async update(agencyId: string, fields: AgencyFields, at: EventStamp, extra = ''): Promise<void> {
    const names = Object.keys(fields).sort();
    const statement = pgUpdate(`${names.join(',')}|${extra}`, () => agencyUpdateSql(names, extra));
    const values = { ...fields, agencyId, revision: at.revision, position: at.position };
    // Only the documents' update reads its row count (and waits for the writes before it).
    if (!extra) return statement.send(this.tx, values);
    if ((await statement.run(this.tx, values)).rowCount === 0) await this.update(agencyId, {}, at);
  }
}

export interface AgencyRow extends PledgeRow, Required<AgencyFields> {
  status: string;
  revision: string;
  position: string;
}

/** A row of the Pledged Agencies page: an agency in one campaign; `ruleSet` is that cycle's rule set. */
export interface PublicAgencyRow {
  agencyId: string;
  name: string;
  region: string | null;
  country: string;
  status: 'certified' | 'pledged';
  pledgedOn: string;
  certifiedOn: string | null;
  ruleSet: string;
  campaignId: string;
}

/** The agency's cycle in one campaign (agency_campaigns), for GET /v1/agencies/{id}/campaigns. */
export interface AgencyCampaignRow {
  campaignId: string;
  status: string;
  ruleSet: string;
  cycle: number;
  pledgedOn: string;
  deadline: string;
  submittedAt: string | null;
  certificateNumber: string | null;
  effectiveOn: string | null;
  expiresOn: string | null;
  primary: 0 | 1;
}

export interface AgencyListFilter {
  status?: string;
  region?: string;
  q?: string;
  sort?: AgencyListSort;
  page: number;
  pageSize: number;
}

/** The orders the staff dashboard needs: by name, nearest deadline first, latest certified first. */
export const AGENCY_LIST_SORTS = ['name', 'deadline', '-certifiedOn'] as const;
export type AgencyListSort = (typeof AGENCY_LIST_SORTS)[number];
const CERTIFIED_ON = `(CASE WHEN status = 'certified' THEN certificate_effective_on END)`;
const ORDER_BY: Record<AgencyListSort, string> = {
  name: 'name, agency_id',
  deadline: 'deadline IS NULL, deadline, name, agency_id',
  // certifiedOn as the result column has it (null unless certified), spelled out: PostgreSQL orders
  // by an output alias only when it stands alone.
  '-certifiedOn': `${CERTIFIED_ON} IS NULL, ${CERTIFIED_ON} DESC, name, agency_id`,
};

/** Statuses the public page shows (open pledges and certifications), and as what: a pledge under review is still a pledge to the public. */
/**
 * The certificate an agency holds today, if any: issued, not revoked, not expired. An agency that
 * started recertifying before its certificate ran out is in a new cycle (submitted, changes
 * requested) but is still certified to the public until that certificate expires.
 */
const VALID_CERTIFICATE = `(SELECT c.effective_on FROM certificates c WHERE c.agency_id = ac.agency_id
  AND c.campaign_id = ac.campaign_id AND c.revoked = 0 AND c.expired_on IS NULL ORDER BY c.position DESC LIMIT 1)`;
const PUBLIC_STATUS_SQL = `CASE WHEN ac.status = 'certified' OR ${VALID_CERTIFICATE} IS NOT NULL THEN 'certified' ELSE 'pledged' END`;
const PUBLIC_CERTIFIED_ON_SQL = `CASE WHEN ac.status = 'certified' THEN ac.effective_on ELSE ${VALID_CERTIFICATE} END`;
const PUBLIC_WHERE = `ac.status IN (${[...OPEN_STATUSES, 'certified'].map((status) => `'${status}'`).join(', ')})`;
const SUMMARY_COLUMNS = `agency_id AS agencyId, name, ori, country, region, status, rule_set AS ruleSet, pledged_on AS pledgedOn,
  deadline, submitted_at AS submittedAt, CASE WHEN status = 'certified' THEN certificate_effective_on END AS certifiedOn,
  CAST(revision AS TEXT) AS revision, CAST(position AS TEXT) AS position`;

/** Reads of the `agencies` read model; positions and revisions come back as decimal strings. */
export class AgenciesReader {
  private readonly one;
  private readonly remindersOf;
  private readonly queue;
  private readonly campaignsOf;
  private readonly revisionStmt;

  constructor(private readonly db: Database.Database) {
    this.revisionStmt = db.prepare('SELECT CAST(revision AS TEXT) FROM agencies WHERE agency_id = ?').pluck();
    this.one = db.prepare(
      `SELECT *, CAST(revision AS TEXT) AS revision, CAST(position AS TEXT) AS position FROM agencies WHERE agency_id = ?`,
    );
    this.remindersOf = db.prepare(
      'SELECT offset_days AS offsetDays, sent_at AS sentAt, deadline FROM reminders WHERE agency_id = ? AND cycle = ? AND campaign_id IS NULL ORDER BY position',
    );
    // Every campaign's submissions (agency_campaigns), each naming its campaign; the agency's
    // profile, revision and position are the agency row's.
    this.queue = db.prepare(
      `SELECT a.agency_id AS agencyId, a.name, a.ori, a.country, a.region, ac.status, ac.rule_set AS ruleSet,
         ac.pledged_on AS pledgedOn, ac.deadline, ac.submitted_at AS submittedAt, NULL AS certifiedOn,
         CAST(a.revision AS TEXT) AS revision, CAST(a.position AS TEXT) AS position, ac.campaign_id AS campaignId
       FROM agency_campaigns ac JOIN agencies a ON a.agency_id = ac.agency_id
       WHERE ac.status = 'submitted' ORDER BY ac.submitted_at, ac.agency_id, ac.campaign_id`,
    );
    this.campaignsOf = db.prepare(
      `SELECT ac.campaign_id AS campaignId, ac.status, ac.rule_set AS ruleSet, ac.cycle, ac.pledged_on AS pledgedOn,
         ac.deadline, ac.submitted_at AS submittedAt, ac.certificate_number AS certificateNumber,
         ac.effective_on AS effectiveOn, ac.expires_on AS expiresOn,
         CASE WHEN ac.campaign_id = a.primary_campaign THEN 1 ELSE 0 END AS "primary"
       FROM agency_campaigns ac JOIN agencies a ON a.agency_id = ac.agency_id
       WHERE ac.agency_id = ? ORDER BY "primary" DESC, ac.position`,
    );
  }

  /** The agency's campaigns, its primary campaign first, then in the order it joined them. */
  campaigns(agencyId: string): AgencyCampaignRow[] {
    return this.campaignsOf.all(agencyId) as AgencyCampaignRow[];
  }

  get(agencyId: string): AgencyRow | undefined {
    return this.one.get(agencyId) as AgencyRow | undefined;
  }

  revisionOf(agencyId: string): string | undefined {
    return this.revisionStmt.get(agencyId) as string | undefined;
  }

  reminders(agencyId: string, cycle: number): { offsetDays: number; sentAt: string; deadline: string }[] {
    return this.remindersOf.all(agencyId, cycle) as {
      offsetDays: number;
      sentAt: string;
      deadline: string;
    }[];
  }

  list(f: AgencyListFilter): { items: unknown[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: f.pageSize, offset: (f.page - 1) * f.pageSize };
    if (f.status) {
      where.push('status = @status');
      params.status = f.status;
    }
    if (f.region) {
      where.push('region = @region');
      params.region = f.region;
    }
    if (f.q) {
      where.push(`(name LIKE @q ESCAPE '\\' OR agency_id LIKE @q ESCAPE '\\' OR ori LIKE @q ESCAPE '\\')`);
      params.q = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT COUNT(*) FROM agencies ${clause}`).pluck().get(params) as number;
    const items = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM agencies ${clause} ORDER BY ${ORDER_BY[f.sort ?? 'name']} LIMIT @limit OFFSET @offset`,
      )
      .all(params);
    return { items, total };
  }

  reviewQueue(): unknown[] {
    return this.queue.all();
  }

  /**
   * The Pledged Agencies page: one row per agency and campaign it is pledged to or certified in
   * (agency_campaigns), so an agency in two campaigns is listed twice, each row naming its campaign.
   */
  publicList(f: PublicListFilter): PublicAgencyRow[] {
    const { sql, params } = publicListSql(f);
    return this.db.prepare(sql).all(params) as PublicAgencyRow[];
  }

  /**
   * Agencies by the status and region of their first campaign (as the agency view shows them), and
   * each campaign's cycles by status (issue 18 item 3: an agency in two campaigns counts in each).
   */
  stats(): PublicStats {
    return statsOf(
      this.db.prepare(STATS_BY_REGION_SQL).all() as StatsRow[],
      this.db.prepare(STATS_BY_CAMPAIGN_SQL).all() as CampaignStatsRow[],
    );
  }
}

export interface PublicListFilter {
  status?: 'certified' | 'pledged';
  region?: string;
  campaignId?: string;
  ruleSets?: readonly string[];
}

/**
 * The Pledged Agencies page: one row per agency and campaign it is pledged to or certified in
 * (agency_campaigns), so an agency in two campaigns is listed twice, each row naming its campaign.
 */
function publicListSql(f: PublicListFilter): { sql: string; params: Record<string, unknown> } {
  const where = [PUBLIC_WHERE];
  const params: Record<string, unknown> = { status: f.status, region: f.region, campaignId: f.campaignId };
  if (f.status) where.push(`${PUBLIC_STATUS_SQL} = @status`);
  if (f.region) where.push('a.region = @region');
  if (f.campaignId !== undefined) where.push('ac.campaign_id = @campaignId');
  if (f.ruleSets) {
    // The cycles pledged under one of these rule sets (none: an empty answer).
    f.ruleSets.forEach((id, i) => (params[`rs${i}`] = id));
    where.push(`ac.rule_set IN (${f.ruleSets.map((_, i) => `@rs${i}`).join(', ') || 'NULL'})`);
  }
  const sql = `SELECT a.agency_id AS agencyId, a.name, a.region, a.country, ${PUBLIC_STATUS_SQL} AS status,
           ac.pledged_on AS pledgedOn, ${PUBLIC_CERTIFIED_ON_SQL} AS certifiedOn, ac.rule_set AS ruleSet,
           ac.campaign_id AS campaignId
         FROM agency_campaigns ac JOIN agencies a ON a.agency_id = ac.agency_id
         WHERE ${where.join(' AND ')} ORDER BY a.name, a.agency_id, ac.campaign_id`;
  return { sql, params };
}

export interface PublicStats {
  total: number;
  byStatus: Record<string, number>;
  byRegion: Record<string, Record<string, number>>;
  byCampaign: Record<string, Record<string, number>>;
}
interface StatsRow {
  region: string;
  status: string;
  n: number;
}
interface CampaignStatsRow {
  campaignId: string;
  status: string;
  n: number;
}
const STATS_BY_REGION_SQL = `SELECT COALESCE(region, '') AS region, status, COUNT(*) AS n FROM agencies GROUP BY 1, 2`;
const STATS_BY_CAMPAIGN_SQL =
  'SELECT campaign_id AS campaignId, status, COUNT(*) AS n FROM agency_campaigns GROUP BY 1, 2';

/**
 * Agencies by the status and region of their first campaign (as the agency view shows them), and
 * each campaign's cycles by status (issue 18 item 3: an agency in two campaigns counts in each).
 */
function statsOf(rows: StatsRow[], cycles: CampaignStatsRow[]): PublicStats {
  // Null-prototype objects: a region is the pledging agency's own text, and `__proto__` or
  // `constructor` as a plain object's key reached Object.prototype (polluting every object).
  const byStatus: Record<string, number> = Object.create(null);
  const byRegion: Record<string, Record<string, number>> = Object.create(null);
  let total = 0;
  for (const r of rows) {
    total += r.n;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    const region = (byRegion[r.region || 'unknown'] ??= Object.assign(Object.create(null), { total: 0 }));
    region[r.status] = (region[r.status] ?? 0) + r.n;
    region.total += r.n;
  }
  const byCampaign: Record<string, Record<string, number>> = Object.create(null);
  for (const c of cycles) {
    const campaign = (byCampaign[c.campaignId] ??= Object.assign(Object.create(null), { total: 0 }));
    campaign[c.status] = (campaign[c.status] ?? 0) + c.n;
    campaign.total += c.n;
  }
  return { total, byStatus, byRegion, byCampaign };
}

/** The public reads of AgenciesReader on PostgreSQL (a pool on the live generation). */
export const agenciesPgReader = {
  async publicList(q: PgQueryable, f: PublicListFilter): Promise<PublicAgencyRow[]> {
    const { sql, params } = publicListSql(f);
    return (await pgRead(sql).run<PublicAgencyRow & pg.QueryResultRow>(q, params)).rows;
  },

  async stats(q: PgQueryable): Promise<PublicStats> {
    const [rows, cycles] = await Promise.all([
      pgRead(STATS_BY_REGION_SQL).run<StatsRow & pg.QueryResultRow>(q),
      pgRead(STATS_BY_CAMPAIGN_SQL).run<CampaignStatsRow & pg.QueryResultRow>(q),
    ]);
    return statsOf(rows.rows, cycles.rows);
  },
};
