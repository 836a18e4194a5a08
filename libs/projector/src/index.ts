// The projector's runtime: its subscribers (read models, job reactors), the lease that keeps one
// instance active, and startProjector. apps/projector is its process entry; the command app's
// end-to-end tests run it in the same process through this lib.
export * from './projector.js';
export * from './subscriber.js';
export * from './read-models.subscriber.js';
export * from './lease/index.js';
export * from './reactors/reactor-store.js';
export * from './reactors/reactors.subscriber.js';
export * from './reactors/schedule.reactor.js';
