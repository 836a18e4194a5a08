export * from './seeded-random.js';
export * from './fbi-data.js';
