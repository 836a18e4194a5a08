export * from './seeded-random.js';
export * from './fbi-data.js';
export * from './third-campaign.js';
