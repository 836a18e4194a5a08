import Database from 'better-sqlite3';
import type { AgencyEvent } from '#events';
import { evaluate, ruleSet } from '#domain';
import { AGENCY_ID, pledged } from '#domain/testing';
import { loadAgency } from './agency-records.js';
import { agenciesProjection } from './agencies/agencies.projection.js';
import { migrateReadModels } from './migrations.js';
import type { Projection } from './projection.js';
import { applyAgencyEvents } from './testing/projection-spec.js';
import { rosterProjection } from './roster/roster.projection.js';

const policy = (policyId: string, version: string): AgencyEvent => ({
  type: 'PolicyAdopted',
  data: {
    policyId,
    title: 'Response to persons in crisis',
    version,
    adoptedOn: '2025-03-01',
    effectiveOn: '2025-03-01',
    basedOnIacpModel: true,
  },
});

describe('the agency state read back from the read models (query side)', () => {
  it('of two policies in effect from the same day, the later adopted counts, as in the domain', () => {
    const db = new Database(':memory:');
    try {
      migrateReadModels(db);
      // Ids in the opposite order of adoption: an unordered SELECT returns them by id.
      applyAgencyEvents(db, [agenciesProjection, rosterProjection] as Projection[], [
        pledged(),
        policy('zz-first', '1'),
        policy('aa-second', '2'),
      ]);
      const stored = loadAgency(db, AGENCY_ID)!;
      expect([...stored.state.policies.keys()]).toEqual(['zz-first', 'aa-second']);
      const verdict = evaluate(ruleSet('one-mind-2023'), stored.state, '2025-06-01', new Map());
      expect(verdict.policy).toMatchObject({ met: true, policyId: 'aa-second' });
    } finally {
      db.close();
    }
  });
});
