import { agenciesProjection } from '../agencies/agencies.projection.js';
import { catalogueProjection } from '../catalogue/catalogue.projection.js';
import { certificatesProjection } from '../certificates/certificates.projection.js';
import { evidenceProjection } from '../evidence/evidence.projection.js';
import { PROJECTION_TABLES } from '../migrations.js';
import type { Projection } from '../projection.js';
import { reviewProjection } from '../review/review.projection.js';
import { rosterProjection } from '../roster/roster.projection.js';

/** Every read-model projection (each one module in libs/read-models); checked at start-up against the schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- projections of different row-operation types
export const PROJECTIONS: readonly Projection<any>[] = [
  agenciesProjection,
  rosterProjection,
  catalogueProjection,
  certificatesProjection,
  reviewProjection,
  evidenceProjection,
];

for (const p of PROJECTIONS) {
  if (PROJECTION_TABLES[p.name]?.join() !== p.tables.join())
    throw new Error(`projection ${p.name} does not own the tables the schema gives it`);
}
if (PROJECTIONS.length !== Object.keys(PROJECTION_TABLES).length)
  throw new Error('every read model in the schema needs a projection');

/**
 * The read models that have a PostgreSQL writer (READ_MODELS=postgres, ADR 0010). Until every one
 * has, the others are not projected there (issue 19 item 3 is done read model by read model).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as PROJECTIONS
export const PG_PROJECTIONS: readonly Projection<any>[] = PROJECTIONS.filter((p) => p.pgWriter);
