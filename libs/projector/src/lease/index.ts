export * from './fence.js';
export * from './redis-lease.js';
export * from './projector-lease.js';
