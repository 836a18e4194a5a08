import type { Config } from '#config';
import type { EventStore } from '#event-store';
import type { PgReadModels } from '#read-models';
import type { Fence } from './lease/fence.js';

export interface SubscriberContext {
  config: Config;
  store: EventStore;
  /** readModelFile(config): the first generation, and the base of the generation pointer. */
  readModelBase: string;
  batchSize: number;
  /** Set while this instance holds the projector lease: every write transaction checks it (lease/fence.ts). */
  fence?: Fence;
  /** READ_MODELS=postgres: the read models' database (generations, fence), open for the process's life. */
  pgReadModels?: PgReadModels;
}

/**
 * Something the projector runs over the log from its own checkpoints: the read-model projections
 * now, and the BullMQ reactors (./reactors/). Readiness is the AND of all.
 */
export interface Subscriber {
  name: string;
  health(): { ok: boolean; detail: unknown };
  stop(): Promise<void>;
}

export type SubscriberFactory = (ctx: SubscriberContext) => Subscriber | Promise<Subscriber>;
