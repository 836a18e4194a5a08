import Database from 'better-sqlite3';
import { eventLogFile, readModelFile } from '#config';
import { SqliteEventStore } from '#event-store';
import { agencyStream, type AgencyEvent } from '#events';
import { approved, pledged, submitted } from '#domain/testing';
import { rebuildReadModels } from '#read-models';
import { toNew } from './support/seed-log.js';
import { tempData } from './support/temp-dir.js';

/**
 * Issue 18 item 3: the rebuild (what `onemind rebuild` runs) fills agency_campaigns and the
 * certificates' campaigns from the log, for a stream whose second campaign's events name it.
 */
describe('rebuild of the read models with an agency in two campaigns', () => {
  it('fills agency_campaigns with both cycles and names each certificate its campaign', async () => {
    const t = tempData();
    const store = new SqliteEventStore(eventLogFile(t.config));
    const TB = 'trust-building';
    const tb: AgencyEvent[] = [
      pledged({
        campaignId: TB,
        ruleSet: 'trust-building-2022',
        pledgedOn: '2026-02-01',
        deadline: '2027-02-01',
      }),
      {
        ...submitted('2026-06-01T10:00:00.000Z'),
        data: { ...submitted().data, campaignId: TB },
      } as AgencyEvent,
      {
        type: 'CertificationApproved',
        data: {
          cycle: 1,
          campaignId: TB,
          certificateNumber: 'TRUST-BUILDING-2026-tx-flower-mound-pd-1',
          verificationCode: 'TB-CODE',
          effectiveOn: '2026-06-10',
          approvedAt: '2026-06-10T10:00:00.000Z',
        },
      },
    ];
    try {
      const events = [pledged(), submitted(), approved(), ...tb];
      await store.append(
        agencyStream('tx-flower-mound-pd'),
        events.map((e) => toNew(e)),
        'no-stream',
      );
      const file = await rebuildReadModels(store, readModelFile(t.config));
      const db = new Database(file, { readonly: true });
      try {
        expect(
          db.prepare('SELECT campaign_id, status, certificate_number FROM agency_campaigns ORDER BY 1').all(),
        ).toEqual([
          {
            campaign_id: 'one-mind',
            status: 'certified',
            certificate_number: 'OM-2025-TX-FLOWER-MOUND-PD-1',
          },
          {
            campaign_id: TB,
            status: 'certified',
            certificate_number: 'TRUST-BUILDING-2026-tx-flower-mound-pd-1',
          },
        ]);
        expect(db.prepare('SELECT number, campaign_id FROM certificates ORDER BY 1').all()).toEqual([
          { number: 'OM-2025-TX-FLOWER-MOUND-PD-1', campaign_id: 'one-mind' },
          { number: 'TRUST-BUILDING-2026-tx-flower-mound-pd-1', campaign_id: TB },
        ]);
        expect(db.prepare('SELECT status, rule_set, certificate_number FROM agencies').get()).toEqual({
          status: 'certified',
          rule_set: 'one-mind-2023',
          certificate_number: 'OM-2025-TX-FLOWER-MOUND-PD-1',
        });
      } finally {
        db.close();
      }
    } finally {
      await store.close();
      t.cleanup();
    }
  });
});
