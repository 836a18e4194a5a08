import Database from 'better-sqlite3';
import { agencyStream, type AgencyEvent } from '#events';
import { AGENCY_ID, approved, pledged, submitted } from '#domain/testing';
import { certificatesProjection } from '../certificates/certificates.projection.js';
import { migrateReadModels } from '../migrations.js';
import type { DecodedEvent, Projection } from '../projection.js';
import { agenciesProjection } from './agencies.projection.js';
import { AgenciesReader } from './agencies.sql.js';

const recertifying: AgencyEvent = {
  type: 'RecertificationStarted',
  data: {
    cycle: 2,
    ruleSet: 'one-mind-2023',
    startedOn: '2028-06-01',
    deadline: '2029-06-01',
    previousCertificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
  },
};
const expired: AgencyEvent = {
  type: 'CertificationExpired',
  data: {
    cycle: 1,
    certificateNumber: 'OM-2025-TX-FLOWER-MOUND-PD-1',
    expiresOn: '2028-09-09',
    expiredAt: '2028-09-10T00:00:00.000Z',
  },
};

function publicRow(events: AgencyEvent[]) {
  const db = new Database(':memory:');
  try {
    migrateReadModels(db);
    const decoded = events.map(
      (e, i) =>
        ({
          ...e,
          streamId: agencyStream(AGENCY_ID),
          revision: BigInt(i),
          position: BigInt(i + 1),
        }) as DecodedEvent,
    );
    for (const projection of [agenciesProjection, certificatesProjection] as Projection[]) {
      const writer = projection.writer(db);
      for (const e of decoded) for (const op of projection.project(e)) writer.apply(op, e);
      writer.flush?.();
    }
    return new AgenciesReader(db).publicList({}).map(({ status, certifiedOn }) => ({ status, certifiedOn }));
  } finally {
    db.close();
  }
}

describe('the public list and recertification', () => {
  it('an agency recertifying before its certificate runs out is still certified to the public', () => {
    const cycle2 = { ...submitted('2028-06-01T10:00:00.000Z') } as AgencyEvent;
    (cycle2.data as { cycle: number }).cycle = 2;
    expect(publicRow([pledged(), submitted(), approved()])).toEqual([
      { status: 'certified', certifiedOn: '2025-09-10' },
    ]);
    expect(publicRow([pledged(), submitted(), approved(), recertifying, cycle2])).toEqual([
      { status: 'certified', certifiedOn: '2025-09-10' },
    ]);
  });

  it('once that certificate expired, a recertifying agency is listed as pledged until approved again', () => {
    expect(publicRow([pledged(), submitted(), approved(), expired, recertifying])).toEqual([
      { status: 'pledged', certifiedOn: null },
    ]);
  });
});
