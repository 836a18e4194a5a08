export * from './document-store.js';
export * from './local-document-store.js';
