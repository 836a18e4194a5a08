export * from './tokens.js';
export * from './lifetime.js';
