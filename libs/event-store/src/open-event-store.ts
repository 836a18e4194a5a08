import { eventLogFile, type Config } from '#config';
import type { EventStore } from './event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

/**
 * The one place that turns EVENT_STORE (API.md) into an adapter. The server adapters are imported
 * only when chosen: the KurrentDB client (gRPC and its native bridge) and `pg` cost every process
 * ~190 ms of CPU and ~40 MiB at start, and the default installation uses neither.
 */
export async function openEventStore(
  config: Pick<Config, 'eventStore' | 'kurrentDbUrl' | 'databaseUrl' | 'dataDir'>,
): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      return new SqliteEventStore(eventLogFile(config as Config));
    case 'kurrentdb': {
      if (!config.kurrentDbUrl) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
      const { KurrentDbEventStore } = await import('./kurrentdb/kurrentdb-event-store.js');
      return new KurrentDbEventStore(config.kurrentDbUrl);
    }
    case 'postgres': {
      // The log only: the read models and checkpoints stay in SQLite files for now (issue 19).
      if (!config.databaseUrl) throw new Error('EVENT_STORE=postgres needs DATABASE_URL');
      const { PostgresEventStore } = await import('./postgres/postgres-event-store.js');
      return new PostgresEventStore({ connectionString: config.databaseUrl });
    }
    default:
      throw new Error(`unknown EVENT_STORE: ${String((config as { eventStore: unknown }).eventStore)}`);
  }
}
