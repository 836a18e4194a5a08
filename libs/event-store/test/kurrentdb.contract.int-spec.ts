import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../src/contract.spec-suite.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KurrentDbEventStore } from '../src/kurrentdb/kurrentdb-event-store.js';
import { openEventStore } from '../src/open-event-store.js';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store.js';

/**
 * The KurrentDB adapter against the shared contract, on a real server. There is no double for
 * KurrentDB: without KURRENTDB_URL (e.g. kurrentdb://localhost:2113?tls=false, see
 * docker/compose.yml) the suite is skipped, loudly, and one test records that the skip was the
 * deliberate consequence of the missing URL.
 */
const url = process.env.KURRENTDB_URL;
const run = url ? describe : describe.skip;
if (!url) {
  console.warn(
    'KurrentDB contract suite SKIPPED: set KURRENTDB_URL=esdb://… (or kurrentdb://localhost:2113?tls=false) to run it against a real server',
  );
}

// One namespace per run: reruns against the same server never see each other's streams.
const runId = `onemind-test-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}-`;

run('KurrentDB (KURRENTDB_URL is set)', () => {
  eventStoreContract('KurrentDbEventStore', async () => {
    const store = new KurrentDbEventStore(url!, { namespace: runId, streamPrefixes: [''] });
    return {
      store,
      async cleanup() {
        await store.close();
      },
    };
  });
});

describe('KurrentDB contract suite selection', () => {
  it(
    url ? 'runs against the server in KURRENTDB_URL' : 'is skipped on purpose: KURRENTDB_URL is not set',
    () => {
      expect(typeof KurrentDbEventStore).toBe('function');
      if (url) expect(url).toMatch(/^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//);
      else expect(process.env.KURRENTDB_URL).toBeUndefined();
    },
  );
});

describe('openEventStore (EVENT_STORE)', () => {
  it('sqlite opens the events.sqlite file in the data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onemind-open-'));
    const store = await openEventStore({ eventStore: 'sqlite', dataDir });
    try {
      expect(store).toBeInstanceOf(SqliteEventStore);
      expect((store as SqliteEventStore).file).toBe(join(dataDir, 'events.sqlite'));
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('kurrentdb builds the KurrentDB adapter (connecting lazily) and needs a URL', async () => {
    const store = await openEventStore({
      eventStore: 'kurrentdb',
      kurrentDbUrl: 'kurrentdb://127.0.0.1:1?tls=false',
      dataDir: '/nonexistent',
    });
    expect(store).toBeInstanceOf(KurrentDbEventStore);
    // Nothing listens there: errors surface as errors, promptly, instead of hanging.
    await expect(store.streamHead('agency-x')).rejects.toThrow();
    await store.close();
    await expect(openEventStore({ eventStore: 'kurrentdb', dataDir: '/nonexistent' })).rejects.toThrow(
      /KURRENTDB_URL/,
    );
  });
});
