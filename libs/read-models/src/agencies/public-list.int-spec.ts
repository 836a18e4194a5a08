import Database from 'better-sqlite3';
import type { AgencyEvent } from '#events';
import { approved, pledged, submitted } from '#domain/testing';
import { certificatesProjection } from '../certificates/certificates.projection.js';
import { migrateReadModels } from '../migrations.js';
import type { Projection } from '../projection.js';
import { applyAgencyEvents } from '../testing/projection-spec.js';
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
    applyAgencyEvents(db, [agenciesProjection, certificatesProjection] as Projection[], events);
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
