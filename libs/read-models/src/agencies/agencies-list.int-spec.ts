import Database from 'better-sqlite3';
import { agencyStream, type AgencyEvent } from '#events';
import { approved, pledged, submitted } from '#domain/testing';
import { migrateReadModels } from '../migrations.js';
import type { DecodedEvent } from '../projection.js';
import { agenciesProjection } from './agencies.projection.js';
import { AgenciesReader, type AgencyListSort } from './agencies.sql.js';

/** Four agencies, as the staff dashboard lists them (GET /v1/agencies?sort=). */
function readModel(): Database.Database {
  const db = new Database(':memory:');
  migrateReadModels(db);
  const histories: [string, string, AgencyEvent[]][] = [
    ['tx-a', 'Alpha PD', [pledged({ deadline: '2028-01-15' })]],
    ['tx-b', 'Bravo PD', [pledged({ deadline: '2027-05-01' })]],
    ['tx-c', 'Charlie PD', [pledged(), submitted(), certifiedOn('2025-09-10', 'C')]],
    ['tx-d', 'Delta PD', [pledged(), submitted(), certifiedOn('2026-02-01', 'D')]],
  ];
  const writer = agenciesProjection.writer(db);
  let position = 0n;
  db.transaction(() => {
    for (const [id, name, events] of histories)
      events.forEach((e, revision) => {
        const event = e.type === 'PledgeTaken' ? { ...e, data: { ...e.data, agencyId: id, name } } : e;
        const decoded = {
          ...event,
          streamId: agencyStream(id),
          revision: BigInt(revision),
          position: ++position,
        } as DecodedEvent;
        for (const op of agenciesProjection.project(decoded)) writer.apply(op, decoded);
      });
    writer.flush?.();
  })();
  return db;
}

function certifiedOn(effectiveOn: string, suffix: string): AgencyEvent {
  const e = approved();
  return {
    ...e,
    data: { ...e.data, effectiveOn, certificateNumber: `OM-2025-TX-${suffix}-1` },
  } as AgencyEvent;
}

describe('agencies list order (sort=)', () => {
  const db = readModel();
  afterAll(() => db.close());
  const ids = (sort?: AgencyListSort, status?: string) =>
    (
      new AgenciesReader(db).list({ sort, status, page: 1, pageSize: 10 }).items as { agencyId: string }[]
    ).map((a) => a.agencyId);

  it('by name unless told otherwise', () => {
    expect(ids()).toEqual(['tx-a', 'tx-b', 'tx-c', 'tx-d']);
    expect(ids('name')).toEqual(ids());
  });

  it('deadline: the nearest first (the dashboard’s "near their deadline")', () => {
    expect(ids('deadline', 'pledged')).toEqual(['tx-b', 'tx-a']);
  });

  it('-certifiedOn: the latest certification first, the uncertified after them', () => {
    expect(ids('-certifiedOn')).toEqual(['tx-d', 'tx-c', 'tx-a', 'tx-b']);
  });
});
