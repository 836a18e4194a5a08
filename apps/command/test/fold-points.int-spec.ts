import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '#event-store';
import type { NewEvent } from '#events';
import { agencyViewAt } from '#audit';
import { FoldPoints } from '#audit';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

/** recordedAt wanders backwards now and then, as it may with several command instances. */
function events(count: number, jitter: number[]): NewEvent[] {
  const at = (i: number) =>
    new Date(Date.UTC(2025, 0, 1) + i * 3_600_000 - jitter[i % jitter.length] * 60_000).toISOString();
  const meta = (i: number) => ({
    actor: { sub: 's', role: 'staff' as const },
    commandId: `c${i}`,
    correlationId: 'x',
    causationId: 'x',
    recordedAt: at(i),
    schemaVersion: 1,
  });
  const out: NewEvent[] = [
    {
      id: 'e0',
      type: 'PledgeTaken',
      schemaVersion: 1,
      metadata: meta(0),
      data: {
        agencyId: 'tx-big-pd',
        cycle: 1,
        name: 'Big PD',
        country: 'US',
        signatory: { name: 'a', title: 'b' },
        contact: { name: 'c', email: 'c@x.org' },
        commitmentMonths: 36,
        pledgedOn: '2025-01-01',
        deadline: '2028-01-01',
        ruleSet: 'one-mind-2023',
      },
    },
  ];
  for (let i = 1; i < count; i++) {
    const officerRef = `o-${Math.floor(i / 2)}`;
    const data =
      i % 2
        ? { officerRef, sworn: true, joinedOn: '2020-01-01' }
        : {
            officerRef: `o-${Math.floor(i / 2) - 1}`,
            programId: i % 10 ? 'mhfa' : 'cit',
            completedOn: '2024-01-01',
          };
    out.push({
      id: `e${i}`,
      type: i % 2 ? 'OfficerJoined' : 'OfficerTrained',
      schemaVersion: 1,
      data,
      metadata: meta(i),
    });
  }
  return out;
}

describe('state as of a date or revision from fold points (int, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onemind-points-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`equals the full fold for any bound, in any order of queries (seed ${seed})`, async () => {
    console.log(`fold-points property seed: ${seed} (FC_SEED=${seed} to re-run)`);
    const store = new SqliteEventStore(join(dir, 'log.sqlite'));
    const all = events(1200, [0, 0, 0, 90, 0, 30, 0, 0, 200]);
    for (let i = 0; i < all.length; i += 300)
      await store.append('agency-tx-big-pd', all.slice(i, i + 300), i === 0 ? 'no-stream' : BigInt(i - 1));
    const points = new FoldPoints(100);
    const bound = fc.oneof(
      fc
        .integer({ min: 0, max: 1300 * 60 })
        .map((m) => ({ asOf: new Date(Date.UTC(2025, 0, 1) + m * 60_000).toISOString() })),
      // Instants close to the fold points (revisions 99, 199, …), where a point's own recordedAt
      // and the latest one before it differ.
      fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: -300, max: 300 })).map(([k, m]) => ({
        asOf: new Date(Date.UTC(2025, 0, 1) + (k * 100 + 99) * 3_600_000 + m * 60_000).toISOString(),
      })),
      fc.bigInt({ min: 0n, max: 1250n }).map((revision) => ({ revision })),
      fc.constant({ now: '2026-01-01T00:00:00.000Z' }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(bound, { minLength: 1, maxLength: 6 }), async (bounds) => {
        for (const at of bounds) {
          const fast = await agencyViewAt(store, 'tx-big-pd', at, points);
          const full = await agencyViewAt(store, 'tx-big-pd', at);
          expect(fast?.view).toEqual(full?.view);
        }
      }),
      { seed, numRuns: 80 },
    );
    await store.close();
  }, 120_000);
});
