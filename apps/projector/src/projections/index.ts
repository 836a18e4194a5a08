import { PROJECTION_NAMES } from '../../../../libs/read-models/src/index.js';
import { agenciesProjection } from './agencies.projection.js';
import { catalogueProjection } from './catalogue.projection.js';
import { certificatesProjection } from './certificates.projection.js';
import type { Projection } from './projection.js';
import { rosterProjection } from './roster.projection.js';

export type { Projection, DecodedEvent } from './projection.js';
export { verificationCodeHash } from './certificates.projection.js';

/** Every read-model projection; names match libs/read-models PROJECTION_TABLES (checked at start-up). */
export const PROJECTIONS: readonly Projection<any>[] = [agenciesProjection, rosterProjection, catalogueProjection, certificatesProjection];

const names = PROJECTIONS.map((p) => p.name).sort().join(',');
if (names !== [...PROJECTION_NAMES].sort().join(',')) throw new Error(`projections ${names} do not match the read-model tables ${PROJECTION_NAMES.join(',')}`);
