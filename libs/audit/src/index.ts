export * from './agency-at.js';
export * from './export-ndjson.js';
export * from './fold-points.js';
export * from './offline-verify.js';
export * from './verify-stream.js';
export * from './verify-documents.js';
