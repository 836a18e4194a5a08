import type { Campaign } from './campaign.js';
import { ONE_MIND } from './one-mind.js';
import { TRUST_BUILDING } from './trust-building.js';

/** Every campaign the engine knows, One Mind first (today's routes mean it). */
export const CAMPAIGNS: readonly Campaign[] = [ONE_MIND, TRUST_BUILDING];
