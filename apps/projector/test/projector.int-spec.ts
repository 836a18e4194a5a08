import Database from 'better-sqlite3';
import { eventLogFile, readModelFile } from '#config';
import { SqliteEventStore } from '#event-store';
import { agencyStream } from '#events';
import { startProjector } from '#projector';
import { startReadModels } from '#projector';
import { PROJECTION_NAMES, buildInto } from '#read-models';
import { dumpReadModels } from './support/read-model-checks.js';
import { seedLog, toNew } from './support/seed-log.js';
import { tempData } from './support/temp-dir.js';

const waitFor = async (check: () => boolean, what: string, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('projector (real SQLite log and read-model files)', () => {
  it('applying the same events twice changes nothing (writes are guarded by position)', async () => {
    const t = tempData();
    const store = new SqliteEventStore(eventLogFile(t.config));
    try {
      await seedLog(store, 5, 30);
      const file = readModelFile(t.config);
      await buildInto(store, file);
      const once = dumpReadModels(file);
      const db = new Database(file);
      db.exec('UPDATE checkpoints SET position = 0');
      db.close();
      await buildInto(store, file);
      const twice = dumpReadModels(file);
      const withoutCounters = (d: Record<string, unknown[]>) => ({
        ...d,
        checkpoints: d.checkpoints.map((c: any) => c.position),
      });
      expect(withoutCounters(twice)).toEqual(withoutCounters(once));
    } finally {
      await store.close();
      t.cleanup();
    }
  });

  it('projects every event, then stops a projection at an unknown event type without skipping it (G4)', async () => {
    const t = tempData();
    const store = new SqliteEventStore(eventLogFile(t.config));
    try {
      await seedLog(store, 7, 20);
      const head = await store.headPosition();
      const projector = await startProjector(t.config, { subscribers: [startReadModels] });
      const rm = new Database(readModelFile(t.config), { readonly: true });
      const checkpoints = () =>
        rm.prepare('SELECT projection, position FROM checkpoints').all() as {
          projection: string;
          position: number;
        }[];
      await waitFor(
        () =>
          checkpoints().length === PROJECTION_NAMES.length &&
          checkpoints().every((c) => BigInt(c.position) === head),
        'catch-up',
      );
      expect(rm.prepare('SELECT COUNT(*) FROM agencies').pluck().get()).toBe(20);
      const ready = await fetch(`http://127.0.0.1:${projector.port}/health/ready`);
      expect(ready.status).toBe(200);

      const bad = await store.append(
        agencyStream('ag-3'),
        [toNew({ type: 'BogusHappened', data: {} })],
        'exists',
      );
      await store.append(
        agencyStream('ag-4'),
        [toNew({ type: 'OfficerJoined', data: { officerRef: 'late', sworn: true, joinedOn: '2025-01-01' } })],
        'exists',
      );
      await waitFor(() => !projector.health().ok, 'failure');
      const notReady = await fetch(`http://127.0.0.1:${projector.port}/health/ready`);
      expect(notReady.status).toBe(503);
      const status = rm
        .prepare('SELECT projection, state, position, error FROM projection_status ORDER BY projection')
        .all() as any[];
      expect(status.map((s) => s.projection)).toEqual([...PROJECTION_NAMES].sort());
      for (const s of status) {
        expect(BigInt(s.position)).toBe(bad.position);
        expect(s.error).toMatch(/BogusHappened/);
      }
      // Never skipped: every checkpoint stays before the bad event, the later event is not applied.
      expect(checkpoints().every((c) => BigInt(c.position) === bad.position - 1n)).toBe(true);
      expect(rm.prepare("SELECT COUNT(*) FROM officers WHERE officer_ref = 'late'").pluck().get()).toBe(0);
      await projector.stop();

      // A restart retries the same event and fails the same way.
      const again = await startProjector(t.config, { subscribers: [startReadModels] });
      await waitFor(() => !again.health().ok, 'failure after restart');
      expect(checkpoints().every((c) => BigInt(c.position) === bad.position - 1n)).toBe(true);
      await again.stop();
      rm.close();
    } finally {
      await store.close();
      t.cleanup();
    }
  });
});
