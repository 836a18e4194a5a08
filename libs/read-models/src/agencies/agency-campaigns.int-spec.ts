import Database from 'better-sqlite3';
import type { AgencyEvent, CertificationSubmittedData } from '#events';
import { runMigrations } from '#event-store';
import { AGENCY_ID, approved, pledged, submitted } from '#domain/testing';
import { certificatesProjection } from '../certificates/certificates.projection.js';
import { CertificatesReader } from '../certificates/certificates.sql.js';
import { READ_MODEL_MIGRATIONS, migrateReadModels } from '../migrations.js';
import type { Projection } from '../projection.js';
import { applyAgencyEvents, projectionSpec } from '../testing/projection-spec.js';
import { agenciesProjection } from './agencies.projection.js';
import { AgenciesReader } from './agencies.sql.js';
import { reviewProjection } from '../review/review.projection.js';
import { ReviewReader } from '../review/review.sql.js';

/**
 * Issue 18 item 3 (ADR 0008 as amended by the contract): One Mind first (its events name no
 * campaign), then Trust Building, whose events carry `campaignId: 'trust-building'`.
 */
const TB = 'trust-building';
const OM_NUMBER = 'OM-2025-TX-FLOWER-MOUND-PD-1';
const TB_NUMBER = `TRUST-BUILDING-2026-${AGENCY_ID}-1`;

const tbPledged = (): AgencyEvent =>
  pledged({
    campaignId: TB,
    ruleSet: 'trust-building-2022',
    commitmentMonths: 12,
    pledgedOn: '2026-02-01',
    deadline: '2027-02-01',
  });
const tbSubmitted = (): AgencyEvent => {
  const om = submitted('2026-06-01T10:00:00.000Z').data as CertificationSubmittedData;
  return { type: 'CertificationSubmitted', data: { ...om, campaignId: TB } };
};
const tbApproved = (): AgencyEvent => ({
  type: 'CertificationApproved',
  data: {
    cycle: 1,
    campaignId: TB,
    certificateNumber: TB_NUMBER,
    verificationCode: 'TB-CODE',
    effectiveOn: '2026-06-10',
    approvedAt: '2026-06-10T10:00:00.000Z',
  },
});
const tbReminder: AgencyEvent = {
  type: 'DeadlineReminderSent',
  data: {
    cycle: 1,
    campaignId: TB,
    deadline: '2027-02-01',
    offsetDays: 90,
    sentAt: '2026-11-03T00:00:00.000Z',
    daysRemaining: 90,
    missing: [],
  },
};
const tbIssued: AgencyEvent = {
  type: 'CertificateIssued',
  data: { cycle: 1, campaignId: TB, certificateNumber: TB_NUMBER, sha256: 'tb'.repeat(32), issuedAt: 'x' },
};

const OM = [pledged(), submitted(), approved()];
const TB_UNDER_REVIEW = [tbPledged(), tbReminder, tbSubmitted()];
const BOTH = [...OM, ...TB_UNDER_REVIEW, tbApproved(), tbIssued];

function withReadModels<T>(events: AgencyEvent[], read: (db: Database.Database) => T): T {
  const db = new Database(':memory:');
  try {
    migrateReadModels(db);
    applyAgencyEvents(
      db,
      [agenciesProjection, certificatesProjection, reviewProjection] as Projection[],
      events,
    );
    return read(db);
  } finally {
    db.close();
  }
}

const cycleColumns = (row: Record<string, unknown> | undefined) => {
  const { revision: _r, position: _p, ...rest } = row ?? {};
  return rest;
};

describe('one agency in several campaigns (agency_campaigns, certificates.campaign_id)', () => {
  it("another campaign's events leave the agencies row's cycle columns as they were (the primary campaign's)", () => {
    const omOnly = withReadModels(OM, (db) => new AgenciesReader(db).get(AGENCY_ID));
    const both = withReadModels(BOTH, (db) => new AgenciesReader(db).get(AGENCY_ID));
    expect(omOnly).toMatchObject({
      status: 'certified',
      rule_set: 'one-mind-2023',
      certificate_number: OM_NUMBER,
      primary_campaign: 'one-mind',
    });
    expect(cycleColumns(both as never)).toEqual(cycleColumns(omOnly as never));
    // The row's version still moves on with every event of the agency's stream.
    expect([both?.revision, both?.position]).toEqual([String(BOTH.length - 1), String(BOTH.length)]);
  });

  it('agency_campaigns holds each campaign its cycle: unnamed events the first campaign, named ones theirs', () => {
    projectionSpec(agenciesProjection)
      .given(OM)
      .when([...TB_UNDER_REVIEW, tbApproved(), tbIssued])
      .then('agency_campaigns', [
        {
          agency_id: AGENCY_ID,
          campaign_id: 'one-mind',
          status: 'certified',
          rule_set: 'one-mind-2023',
          cycle: 1,
          pledged_on: '2025-01-15',
          deadline: '2028-01-15',
          submitted_at: '2025-09-01T10:00:00.000Z',
          certificate_number: OM_NUMBER,
          effective_on: '2025-09-10',
          expires_on: '2028-09-10',
          position: 3,
        },
        {
          agency_id: AGENCY_ID,
          campaign_id: TB,
          status: 'certified',
          rule_set: 'trust-building-2022',
          cycle: 1,
          pledged_on: '2026-02-01',
          deadline: '2027-02-01',
          submitted_at: '2026-06-01T10:00:00.000Z',
          certificate_number: TB_NUMBER,
          effective_on: '2026-06-10',
          expires_on: '2029-06-10',
          position: 7,
        },
      ]);
  });

  it("another campaign's reminder is kept apart from the ones the agency view lists", () => {
    projectionSpec(agenciesProjection)
      .given(OM)
      .when(TB_UNDER_REVIEW)
      .then('reminders', [{ agency_id: AGENCY_ID, cycle: 1, offset_days: 90, campaign_id: TB }]);
    expect(
      withReadModels([...OM, ...TB_UNDER_REVIEW], (db) => new AgenciesReader(db).reminders(AGENCY_ID, 1)),
    ).toEqual([]);
  });

  it('certificates name their campaign, and each verifies by its number', () => {
    projectionSpec(certificatesProjection)
      .given(OM)
      .when([...TB_UNDER_REVIEW, tbApproved(), tbIssued])
      .then('certificates', [
        { number: OM_NUMBER, agency_id: AGENCY_ID, campaign_id: 'one-mind', effective_on: '2025-09-10' },
        {
          number: TB_NUMBER,
          agency_id: AGENCY_ID,
          campaign_id: TB,
          effective_on: '2026-06-10',
          sha256: 'tb'.repeat(32),
        },
      ]);
    const tb = withReadModels(BOTH, (db) => new CertificatesReader(db).get(TB_NUMBER));
    expect(tb).toMatchObject({
      agency_id: AGENCY_ID,
      campaign_id: TB,
      revoked: 0,
      agency_name: 'Flower Mound Police Department',
    });
  });

  it('the public list shows the agency once per campaign, each row naming it; campaign= filters', () => {
    const list = (f: Parameters<AgenciesReader['publicList']>[0]) =>
      withReadModels(BOTH, (db) =>
        new AgenciesReader(db).publicList(f).map(({ agencyId, campaignId, status, certifiedOn }) => ({
          agencyId,
          campaignId,
          status,
          certifiedOn,
        })),
      );
    const om = {
      agencyId: AGENCY_ID,
      campaignId: 'one-mind',
      status: 'certified',
      certifiedOn: '2025-09-10',
    };
    const tb = { agencyId: AGENCY_ID, campaignId: TB, status: 'certified', certifiedOn: '2026-06-10' };
    expect(list({})).toEqual([om, tb]);
    expect(list({ campaignId: TB })).toEqual([tb]);
    expect(list({ campaignId: 'one-mind', status: 'certified' })).toEqual([om]);
    expect(list({ status: 'pledged' })).toEqual([]);
  });

  it("an expired certificate of one campaign does not take the other campaign's off the list", () => {
    const tbExpired: AgencyEvent = {
      type: 'CertificationExpired',
      data: {
        cycle: 1,
        campaignId: TB,
        certificateNumber: TB_NUMBER,
        expiresOn: '2029-06-10',
        expiredAt: 'x',
      },
    };
    const rows = withReadModels([...BOTH, tbExpired], (db) => new AgenciesReader(db).publicList({}));
    expect(rows.map((r) => [r.campaignId, r.status])).toEqual([['one-mind', 'certified']]);
  });

  it("the review queue shows a second campaign's submission, naming its campaign", () => {
    const queue = withReadModels([...OM, ...TB_UNDER_REVIEW], (db) => new AgenciesReader(db).reviewQueue());
    expect(queue).toEqual([
      expect.objectContaining({
        agencyId: AGENCY_ID,
        campaignId: TB,
        status: 'submitted',
        ruleSet: 'trust-building-2022',
        submittedAt: '2026-06-01T10:00:00.000Z',
        revision: String(OM.length + TB_UNDER_REVIEW.length - 1),
      }),
    ]);
    const both = withReadModels([pledged(), submitted(), ...TB_UNDER_REVIEW], (db) =>
      new AgenciesReader(db).reviewQueue().map((r) => (r as { campaignId: string }).campaignId),
    );
    expect(both).toEqual(['one-mind', TB]);
  });

  it('GET …/campaigns reads every campaign the agency joined, its first campaign first', () => {
    const campaigns = withReadModels([...OM, ...TB_UNDER_REVIEW], (db) =>
      new AgenciesReader(db).campaigns(AGENCY_ID),
    );
    expect(campaigns.map((c) => [c.campaignId, c.status, c.primary])).toEqual([
      ['one-mind', 'certified', 1],
      [TB, 'submitted', 0],
    ]);
  });

  it('an agency whose first pledge was Trust Building: unnamed events are Trust Building, a One Mind pledge names One Mind', () => {
    const tbFirst = [
      pledged({ ruleSet: 'trust-building-2022' }),
      pledged({ campaignId: 'one-mind', pledgedOn: '2026-01-01', deadline: '2029-01-01' }),
      submitted(),
    ];
    projectionSpec(agenciesProjection)
      .given([])
      .when(tbFirst)
      .then('agency_campaigns', [
        { campaign_id: 'one-mind', status: 'pledged', rule_set: 'one-mind-2023', pledged_on: '2026-01-01' },
        { campaign_id: TB, status: 'submitted', rule_set: 'trust-building-2022', pledged_on: '2025-01-15' },
      ]);
    projectionSpec(agenciesProjection)
      .given([])
      .when(tbFirst)
      .then('agencies', [{ primary_campaign: TB, status: 'submitted', rule_set: 'trust-building-2022' }]);
  });

  it("each campaign has its own review: a second campaign's submission leaves the first's round and decisions", () => {
    const omDecision: AgencyEvent = {
      type: 'RequirementReviewed',
      data: {
        cycle: 1,
        round: 1,
        requirement: 'partnership',
        decision: 'accepted',
        decidedBy: 'staff-1',
        decidedAt: '2025-09-02T10:00:00.000Z',
      },
    };
    const tbDecision: AgencyEvent = {
      type: 'RequirementReviewed',
      data: { ...(omDecision.data as object), campaignId: TB, requirement: 'practice-01' } as never,
    };
    const events = [pledged(), submitted(), omDecision, ...TB_UNDER_REVIEW, tbDecision];
    const reviews = withReadModels(events, (db) => {
      const r = new ReviewReader(db);
      const of = (campaignId?: string) => {
        const round = r.of(AGENCY_ID, campaignId);
        return round && [round.submitted_at, round.decisions.map((d) => d.requirement)];
      };
      return { primary: of(), oneMind: of('one-mind'), tb: of(TB), other: of('officer-wellness') };
    });
    expect(reviews).toEqual({
      primary: ['2025-09-01T10:00:00.000Z', ['partnership']],
      oneMind: ['2025-09-01T10:00:00.000Z', ['partnership']],
      tb: ['2026-06-01T10:00:00.000Z', ['practice-01']],
      other: undefined,
    });
  });

  it('the migration fills agency_campaigns and certificates.campaign_id from the rows written before it', () => {
    const db = new Database(':memory:');
    try {
      runMigrations(db, READ_MODEL_MIGRATIONS.slice(0, 7)); // the schema before issue 18 item 3
      db.exec(`INSERT INTO agencies (agency_id, status, cycle, name, country, signatory, contact, rule_set,
          commitment_months, pledged_on, deadline, certificate_number, certificate_effective_on, newsletter_queued, revision, position)
        VALUES ('om-pd', 'certified', 1, 'OM PD', 'US', '{}', '{}', 'one-mind-2023', 36, '2025-01-15', '2028-01-15',
          'OM-2025-om-pd-1', '2025-09-10', 0, 3, 30),
          ('tb-pd', 'pledged', 1, 'TB PD', 'US', '{}', '{}', 'trust-building-2022', 12, '2026-01-15', '2027-01-15',
          NULL, NULL, 0, 0, 40),
          ('published-pd', 'pledged', 1, 'P PD', 'US', '{}', '{}', 'officer-wellness-2026', 12, '2026-01-15', '2027-01-15',
          NULL, NULL, 0, 0, 50);
        INSERT INTO certificates (number, agency_id, code_sha256, effective_on, approved_at, revoked, position)
        VALUES ('OM-2025-om-pd-1', 'om-pd', 'h', '2025-09-10', 'x', 0, 30);
        INSERT INTO review_rounds VALUES ('om-pd', 1, 1, '2025-09-01T10:00:00.000Z', NULL, 2);
        INSERT INTO review_decisions VALUES ('om-pd', 'policy', 1, 1, 'accepted', NULL, 'staff-1', 'x', 3);`);
      migrateReadModels(db);
      const rows = db
        .prepare('SELECT agency_id, campaign_id, status, certificate_number FROM agency_campaigns ORDER BY 1')
        .all();
      expect(rows).toEqual([
        {
          agency_id: 'om-pd',
          campaign_id: 'one-mind',
          status: 'certified',
          certificate_number: 'OM-2025-om-pd-1',
        },
        { agency_id: 'tb-pd', campaign_id: TB, status: 'pledged', certificate_number: null },
      ]);
      expect(new CertificatesReader(db).get('OM-2025-om-pd-1')?.campaign_id).toBe('one-mind');
      expect(new ReviewReader(db).of('om-pd')).toMatchObject({
        round: 1,
        decisions: [{ requirement: 'policy' }],
      });
      // Its list row and campaigns come back; the published campaign's agency waits for the rebuild.
      expect(new AgenciesReader(db).publicList({}).map((r) => [r.agencyId, r.campaignId, r.status])).toEqual([
        ['om-pd', 'one-mind', 'certified'],
        ['tb-pd', TB, 'pledged'],
      ]);
    } finally {
      db.close();
    }
  });
});
