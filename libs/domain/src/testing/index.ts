export * from './agency-command.arbitraries.js';
export * from './agency-fixtures.js';
export * from './decider-spec.js';
