import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencyDecider } from '#domain';
import { SqliteEventStore } from '#event-store';
import { agencyStream } from '#events';
import { agencyCacheKey } from '../src/agency/agency-command.handler.js';
import { agencyViewAt } from '#audit';
import { FoldPoints } from '#audit';
import { warmLargeStreams, type WarmUpReport } from '../src/audit/warm-up.js';
import { foldStored } from '#domain';
import { loadState } from '../src/infra/handle-command.js';
import { StateCache } from '../src/infra/state-cache.js';
import { directAgencyCommand } from './support/direct-command.js';

async function agencyWith(store: SqliteEventStore, agencyId: string, officers: number) {
  await directAgencyCommand(store, agencyId, {
    type: 'TakePledge',
    data: {
      agencyId,
      name: agencyId,
      country: 'US',
      signatory: { name: 'A', title: 'B' },
      contact: { name: 'C', email: 'c@x.org' },
    },
  });
  await directAgencyCommand(store, agencyId, {
    type: 'AddOfficers',
    data: {
      officers: Array.from({ length: officers }, (_, i) => ({
        officerRef: `o-${i}`,
        sworn: true,
        joinedOn: '2020-01-01',
      })),
    },
  });
}

const freshReport = (): WarmUpReport => ({ state: 'running', streams: [], events: 0, ms: 0 });

describe('start-up warm-up of large agencies (int, real SQLite)', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onemind-warm-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    await agencyWith(store, 'tx-large-pd', 299); // revisions 0..299
    await agencyWith(store, 'tx-mid-pd', 99); // 0..99
    await agencyWith(store, 'tx-small-pd', 9); // 0..9: below one slice, left alone
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['one slice per agency', 1024n],
    ['slices of 50 events, each going on from the last', 50n],
  ])(
    'folds the large agencies, largest first, into fold points and the command cache, exactly as a full fold (%s)',
    async (_name, slice) => {
      const points = new FoldPoints(64);
      const cache = new StateCache();
      const report = await warmLargeStreams(store, points, cache, freshReport(), () => false, slice);
      expect(report).toMatchObject({
        state: 'done',
        streams: ['tx-large-pd', 'tx-mid-pd'],
        events: 300 + 100,
      });

      const point = points.best(agencyStream('tx-large-pd'), { revision: 299n })!;
      expect(point.revision).toBe(255n); // the last whole slice: 4 × 64 events
      const cached = cache.get(agencyCacheKey('tx-large-pd'))!;
      expect(cached.revision).toBe(299n); // the command cache is brought up to the head
      expect(cached.state).toEqual(
        foldStored(agencyDecider, await store.readStream(agencyStream('tx-large-pd'))),
      );
      expect(cache.get(agencyCacheKey('tx-small-pd'))).toBeUndefined();
      expect(points.best(agencyStream('tx-small-pd'), { revision: 9n })).toBeUndefined();

      // Afterwards a "state as of now" folds only the 44 events past the point, and answers what a full fold answers.
      const warm = await agencyViewAt(store, 'tx-large-pd', { now: '2025-06-02T00:00:00.000Z' }, points);
      const cold = await agencyViewAt(store, 'tx-large-pd', { now: '2025-06-02T00:00:00.000Z' });
      expect(warm!.events).toHaveLength(44);
      expect(warm!.view).toEqual(cold!.view);

      // And a command's state load reads nothing old, ending at the full fold, also after a new append.
      await directAgencyCommand(store, 'tx-large-pd', {
        type: 'AddOfficers',
        data: { officers: [{ officerRef: 'late', sworn: true, joinedOn: '2021-01-01' }] },
      });
      const loaded = await loadState(store, {
        streamId: agencyStream('tx-large-pd'),
        decider: agencyDecider,
        cache: { store: cache, key: agencyCacheKey('tx-large-pd') },
      });
      expect(loaded.head?.revision).toBe(300n);
      expect(loaded.state).toEqual(
        foldStored(agencyDecider, await store.readStream(agencyStream('tx-large-pd'))),
      );
    },
  );

  it('stops between slices when asked (shutdown), saying so', async () => {
    let checks = 0;
    const report = await warmLargeStreams(
      store,
      new FoldPoints(64),
      new StateCache(),
      freshReport(),
      () => ++checks > 1,
    );
    expect(report.state).toBe('stopped');
    expect(report.streams).toEqual(['tx-large-pd']); // its one slice was done; the next agency was not begun
  });

  it('takes at most the fold points’ stream limit, the largest', async () => {
    const report = await warmLargeStreams(store, new FoldPoints(64, 1), new StateCache(), freshReport());
    expect(report.streams).toEqual(['tx-large-pd']);
  });
});
