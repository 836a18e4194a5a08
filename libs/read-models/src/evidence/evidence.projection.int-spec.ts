import Database from 'better-sqlite3';
import { AGENCY_ID, evidence, pledged } from '#domain/testing';
import { agencyStream } from '#events';
import { migrateReadModels } from '../migrations.js';
import { projectionSpec } from '../testing/projection-spec.js';
import { EvidenceReader, EvidenceWriter, evidenceByRequirement } from './evidence.sql.js';
import { evidenceProjection, evolveEvidence } from './evidence.projection.js';

const spec = projectionSpec(evidenceProjection);

describe('evidence read model', () => {
  it('given a pledged agency, when it attaches two documents, then both rows are there (and a replay changes nothing)', () => {
    spec
      .given([pledged()])
      .when([evidence('ev-1'), evidence('ev-2', 'policy')])
      .then('evidence', [
        {
          agency_id: AGENCY_ID,
          evidence_id: 'ev-1',
          requirement: 'partnership',
          filename: 'mou.pdf',
          media_type: 'application/pdf',
          size: 2048,
          sha256: 'e'.repeat(64),
          description: null,
          attached_at: '2025-01-15T09:00:00.000Z',
          attached_by: 'chief@flower-mound',
          position: 2,
        },
        { evidence_id: 'ev-2', requirement: 'policy', position: 3 },
      ]);
  });

  it('given evidence of another agency, then this agency lists none of it', () => {
    spec
      .given([pledged(), { ...evidence('ev-9'), streamId: agencyStream('tx-other-pd') }])
      .when([])
      .then('evidence', [{ agency_id: 'tx-other-pd', evidence_id: 'ev-9' }]);
  });

  it('lists, counts by requirement and groups by requirement', () => {
    const db = new Database(':memory:');
    migrateReadModels(db);
    const writer = new EvidenceWriter(db);
    const events = [evidence('ev-1'), evidence('ev-2', 'policy'), evidence('ev-3', 'policy')];
    events.forEach((e, i) => {
      if (e.type !== 'EvidenceAttached') throw new Error('fixture');
      for (const op of evolveEvidence(e, AGENCY_ID))
        writer.apply(op, { revision: BigInt(i), position: BigInt(i + 1) });
    });
    const reader = new EvidenceReader(db);
    expect(reader.list(AGENCY_ID).map((i) => i.evidenceId)).toEqual(['ev-1', 'ev-2', 'ev-3']);
    expect(reader.list(AGENCY_ID)[0]).toEqual({
      evidenceId: 'ev-1',
      requirement: 'partnership',
      filename: 'mou.pdf',
      mediaType: 'application/pdf',
      size: 2048,
      sha256: 'e'.repeat(64),
      attachedAt: '2025-01-15T09:00:00.000Z',
      attachedBy: 'chief@flower-mound',
    });
    expect(reader.countsByRequirement(AGENCY_ID)).toEqual({ partnership: 1, policy: 2 });
    expect(reader.countsByRequirement('nobody')).toEqual({});
    const grouped = evidenceByRequirement(db, AGENCY_ID);
    expect(Object.keys(grouped)).toEqual(['partnership', 'policy']);
    expect(grouped.policy.map((i) => i.evidenceId)).toEqual(['ev-2', 'ev-3']);
    db.close();
  });
});
