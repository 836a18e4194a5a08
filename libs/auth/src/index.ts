export * from './tokens.js';
export * from './principal-scope.js';
