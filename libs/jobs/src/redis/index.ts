export * from './queue-config.js';
export * from './job-queues.js';
export * from './redis-policy.js';
export * from './reconcile.js';
