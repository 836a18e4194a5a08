export * from './tokens.js';
export * from './principal-scope.js';
export * from './lifetime.js';
