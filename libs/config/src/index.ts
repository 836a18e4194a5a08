export * from './config.js';
export { ENV, LOG_LEVELS, type Group, type Variable } from './env-schema.js';
export * from './logger.js';
export * from './startup-errors.js';
export * from './documents.config.js';
