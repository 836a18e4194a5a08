export * from './tokens.js';
export { cachingVerifier } from './verified-token-cache.js';
