export * from './jobs.js';
export * from './schedule-state.js';
export * from './schedule.js';
