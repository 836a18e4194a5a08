import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencyDecider, evaluate, initialCatalogue, ruleSet, type AgencyCommand } from '#domain';
import { SqliteEventStore } from '#event-store';
import { agencyStream } from '#events';
import { agencyCacheKey } from '../src/agency/agency-command.handler.js';
import { foldStored } from '#domain';
import { loadState } from '../src/infra/handle-command.js';
import { StateCache } from '../src/infra/state-cache.js';
import { processRegistry } from '../src/infra/metrics.js';
import { directAgencyCommand } from './support/direct-command.js';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const AGENCY = 'tx-denton-pd';
const STREAM = agencyStream(AGENCY);
const KEY = agencyCacheKey(AGENCY);
let counter = 0;

async function conflicts(): Promise<number> {
  const metric = await processRegistry.getSingleMetric('onemind_command_conflicts_total')!.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

const pledge: AgencyCommand = {
  type: 'TakePledge',
  data: {
    agencyId: 'tx-denton-pd',
    name: 'Denton PD',
    country: 'US',
    signatory: { name: 'A', title: 'B' },
    contact: { name: 'C', email: 'c@x.org' },
  },
};
const addOfficer = (officerRef: string): AgencyCommand => ({
  type: 'AddOfficers',
  data: { officers: [{ officerRef, sworn: true, joinedOn: '2020-01-01' }] },
});

/** Random commands may be refused by the domain; that is part of the property, not a failure. */
function request(store: SqliteEventStore, command: AgencyCommand, cache?: StateCache) {
  return directAgencyCommand(store, AGENCY, command, cache).catch((err) => {
    if (err?.name !== 'DomainError') throw err;
  });
}

const refs = fc.constantFrom(...Array.from({ length: 30 }, (_, i) => `o-${i}`));
const commandArb: fc.Arbitrary<AgencyCommand> = fc.oneof(
  fc.array(refs, { minLength: 1, maxLength: 5 }).map((rs) => ({
    type: 'AddOfficers' as const,
    data: {
      officers: [...new Set(rs)].map((officerRef) => ({ officerRef, sworn: true, joinedOn: '2020-01-01' })),
    },
  })),
  fc.array(refs, { minLength: 1, maxLength: 3 }).map((rs) => ({
    type: 'SeparateOfficers' as const,
    data: { officers: [...new Set(rs)].map((officerRef) => ({ officerRef, separatedOn: '2025-01-01' })) },
  })),
  fc.tuple(refs, fc.constantFrom('cit', 'mhfa', 'crit')).map(([officerRef, programId]) => ({
    type: 'RecordTraining' as const,
    data: { records: [{ officerRef, programId, completedOn: '2024-01-01' }] },
  })),
  fc.constant({
    type: 'EstablishPartnership' as const,
    data: {
      partnerName: 'MHMR',
      partnerType: 'community-mental-health' as const,
      establishedOn: '2025-01-01',
    },
  }),
);

describe('the command state cache (int, real SQLite)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onemind-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(`always equals a full fold of the log, also when another instance appends (seed ${seed})`, async () => {
    console.log(`state-cache property seed: ${seed} (FC_SEED=${seed} to re-run)`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(commandArb, fc.boolean()), { minLength: 5, maxLength: 25 }),
        async (steps) => {
          const store = new SqliteEventStore(join(dir, `log-${++counter}.sqlite`));
          const cache = new StateCache();
          const other = new StateCache();
          await request(store, pledge, cache);
          for (const [command, viaOther] of steps) await request(store, command, viaOther ? other : cache);
          const cached = (
            await loadState(store, {
              streamId: STREAM,
              decider: agencyDecider,
              cache: { store: cache, key: KEY },
            })
          ).state;
          const full = foldStored(agencyDecider, await store.readStream(STREAM));
          const rule = ruleSet('one-mind-2023');
          expect(evaluate(rule, cached, '2025-06-01', initialCatalogue())).toEqual(
            evaluate(rule, full, '2025-06-01', initialCatalogue()),
          );
          expect([...cached.officers].sort()).toEqual([...full.officers].sort());
          expect({ ...cached, officers: null }).toEqual({ ...full, officers: null });
          await store.close();
        },
      ),
      { seed, numRuns: 60 },
    );
  });

  it('decides concurrent commands on one stream one after another: none fails its expected revision', async () => {
    const store = new SqliteEventStore(join(dir, 'pipelined.sqlite'));
    const cache = new StateCache();
    await request(store, pledge, cache);
    const before = await conflicts();
    await Promise.all(Array.from({ length: 20 }, (_, i) => request(store, addOfficer(`o-${i}`), cache)));
    expect(await conflicts()).toBe(before);
    const events = await store.readStream(STREAM);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 21 }, (_, i) => BigInt(i)));
    const cached = (
      await loadState(store, { streamId: STREAM, decider: agencyDecider, cache: { store: cache, key: KEY } })
    ).state;
    expect(cached).toEqual(foldStored(agencyDecider, events));
    expect([...cached.officers].map(([ref]) => ref).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `o-${i}`).sort(),
    );
    await store.close();
  });

  it('when another instance appends first, the conflicting command re-reads and the one queued behind it decides on the result', async () => {
    const file = join(dir, 'two-instances.sqlite');
    const a = new SqliteEventStore(file);
    const b = new SqliteEventStore(file);
    const cacheA = new StateCache();
    const cacheB = new StateCache();
    await request(a, pledge, cacheA);
    await request(b, addOfficer('warm-b'), cacheB);
    await request(a, addOfficer('warm-a'), cacheA); // cacheA is now behind b's append, and knows it only by reading
    const before = await conflicts();
    // b's append is queued first, so it commits first: a1 conflicts and re-reads; a2 waits for a1.
    await Promise.all([
      request(b, addOfficer('b1'), cacheB),
      request(a, addOfficer('a1'), cacheA),
      request(a, addOfficer('a2'), cacheA),
    ]);
    expect(await conflicts()).toBeGreaterThanOrEqual(before + 1);
    const events = await a.readStream(STREAM);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: events.length }, (_, i) => BigInt(i)));
    const full = foldStored(agencyDecider, events);
    expect([...full.officers].map(([ref]) => ref).sort()).toEqual(['a1', 'a2', 'b1', 'warm-a', 'warm-b']);
    for (const [store, cache] of [
      [a, cacheA],
      [b, cacheB],
    ] as const) {
      expect(
        (
          await loadState(store, {
            streamId: STREAM,
            decider: agencyDecider,
            cache: { store: cache, key: KEY },
          })
        ).state,
      ).toEqual(full);
    }
    await a.close();
    await b.close();
  });
});
