import { eventLogFile, type Config } from '../../config/src/config.js';
import type { EventStore } from './event-store.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

/** The one place that turns EVENT_STORE (API.md) into an adapter. */
export function openEventStore(config: Pick<Config, 'eventStore' | 'kurrentDbUrl' | 'dataDir'>): EventStore {
  switch (config.eventStore) {
    case 'sqlite':
      return new SqliteEventStore(eventLogFile(config as Config));
    case 'kurrentdb':
      if (!config.kurrentDbUrl) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
      return new KurrentDbEventStore(config.kurrentDbUrl);
    default:
      throw new Error(`unknown EVENT_STORE: ${String((config as { eventStore: unknown }).eventStore)}`);
  }
}
