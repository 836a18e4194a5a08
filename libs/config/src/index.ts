export * from './config.js';
export * from './logger.js';
export * from './startup-errors.js';
