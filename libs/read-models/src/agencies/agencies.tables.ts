/** The `agencies` read model: one row per agency (status, profile, review, documents), its reminders and its campaigns' cycles. */
export const AGENCIES_TABLES = ['agencies', 'reminders', 'agency_campaigns'] as const;

export const AGENCIES_DDL_V1 = `
   CREATE TABLE agencies (
     agency_id TEXT PRIMARY KEY, status TEXT NOT NULL, cycle INTEGER NOT NULL, name TEXT NOT NULL, ori TEXT,
     country TEXT NOT NULL, region TEXT, agency_type TEXT, signatory TEXT NOT NULL, contact TEXT NOT NULL,
     rule_set TEXT NOT NULL, commitment_months INTEGER NOT NULL, pledged_on TEXT NOT NULL, deadline TEXT NOT NULL,
     submitted_at TEXT, submission_evaluation TEXT,
     certificate_number TEXT, verification_code TEXT, certificate_effective_on TEXT, certificate_issued_at TEXT,
     certificate_sha256 TEXT, letter_issued_at TEXT, letter_sha256 TEXT, newsletter_queued INTEGER NOT NULL,
     revision INTEGER NOT NULL, position INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX agencies_status ON agencies (status, submitted_at);
   CREATE INDEX agencies_region ON agencies (region, status);
   CREATE TABLE reminders (
     position INTEGER PRIMARY KEY, agency_id TEXT NOT NULL, cycle INTEGER NOT NULL, deadline TEXT NOT NULL,
     offset_days INTEGER NOT NULL, sent_at TEXT NOT NULL
   );
   CREATE INDEX reminders_agency ON reminders (agency_id, cycle);`;

/**
 * Issue 18 item 3 (ADR 0008): an agency may be in several campaigns, each with its own cycle. The
 * `agencies` row keeps describing the cycle of the agency's primary campaign (the campaign of its
 * first pledge: the routes without a campaign and the agency view read it); `agency_campaigns`
 * holds every campaign's cycle, the primary one included, keyed by campaign: the public list, the
 * review queue and `GET /v1/agencies/{id}/campaigns` read it. `expires_on` is the last day of
 * validity of the cycle's certificate by its rule set (null: no term, no certificate, or a row
 * back-filled by the migration: readers then work it out from the rule set, as the agency view does).
 * `reminders.campaign_id` is null for the primary campaign's reminders, which the agency view lists.
 *
 * Rows written before this migration are back-filled for the built-in campaigns (their rule-set
 * ids say the campaign); an agency pledged under a published rule set of another campaign gets
 * its row from `npx onemind rebuild --projection agencies` (docs/operations.md).
 */
const BUILT_IN_CAMPAIGN_OF_RULE_SET = `CASE WHEN rule_set LIKE 'one-mind-%' THEN 'one-mind'
     WHEN rule_set LIKE 'trust-building-%' THEN 'trust-building' END`;
export const AGENCIES_DDL_V2 = `
   ALTER TABLE agencies ADD COLUMN primary_campaign TEXT;
   ALTER TABLE reminders ADD COLUMN campaign_id TEXT;
   CREATE TABLE agency_campaigns (
     agency_id TEXT NOT NULL, campaign_id TEXT NOT NULL, status TEXT NOT NULL, rule_set TEXT NOT NULL,
     cycle INTEGER NOT NULL, pledged_on TEXT NOT NULL, deadline TEXT NOT NULL, submitted_at TEXT,
     certificate_number TEXT, effective_on TEXT, expires_on TEXT, position INTEGER NOT NULL,
     PRIMARY KEY (agency_id, campaign_id)
   ) WITHOUT ROWID;
   CREATE INDEX agency_campaigns_status ON agency_campaigns (status, submitted_at);
   CREATE INDEX agency_campaigns_campaign ON agency_campaigns (campaign_id, status);
   UPDATE agencies SET primary_campaign = ${BUILT_IN_CAMPAIGN_OF_RULE_SET};
   INSERT INTO agency_campaigns (agency_id, campaign_id, status, rule_set, cycle, pledged_on, deadline, submitted_at,
     certificate_number, effective_on, expires_on, position)
   SELECT agency_id, primary_campaign, status, rule_set, cycle, pledged_on, deadline, submitted_at,
     certificate_number, certificate_effective_on, NULL, position
   FROM agencies WHERE primary_campaign IS NOT NULL;`;
