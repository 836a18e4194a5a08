export * from './event-store.js';
export * from './expected-revision.js';
export * from './storage-full.js';
export * from './store-unavailable.js';
export * from './sqlite/sqlite-event-store.js';
export * from './sqlite/open-database.js';
export { runMigrations } from './sqlite/schema.js';
export * from './migrate-log.js';
