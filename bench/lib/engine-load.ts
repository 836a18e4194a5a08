import { join } from 'node:path';
import { agencyDecider, initialCatalogue, type AgencyCommand } from '#domain';
import { SqliteEventStore } from '#event-store';
import { handleCommand } from '../../apps/command/src/infra/handle-command.js';
import { StateCache } from '../../apps/command/src/infra/state-cache.js';
import type { BenchAgency } from './agencies.js';
import { pick, rng } from './rng.js';

const staff = { sub: 'bench-staff', role: 'staff' as const };
let ids = 0;

function command(store: SqliteEventStore, cache: StateCache, agencyId: string, c: AgencyCommand) {
  const now = new Date().toISOString();
  return handleCommand(store, {
    streamId: `agency-${agencyId}`,
    decider: agencyDecider,
    command: c,
    context: async () => ({
      now,
      actor: staff,
      catalogue: initialCatalogue(),
      fourEyes: false,
      random: { id: () => `id-${++ids}`, verificationCode: () => 'CODE234567' },
    }),
    metadata: { actor: staff, commandId: `c${ids}`, correlationId: `c${ids}`, causationId: `c${ids}` },
    recordedAt: () => now,
    cache: { store: cache, key: `agency-${agencyId}` },
  });
}

const pledge = (a: BenchAgency, agencyId: string): AgencyCommand => ({
  type: 'TakePledge',
  data: {
    agencyId,
    name: `${a.name} Police Department`.slice(0, 200),
    ori: a.ori,
    country: 'US',
    region: 'TX',
    signatory: { name: 'Chief Bench', title: 'Chief of Police' },
    contact: { name: 'Coordinator', email: 'onemind@agency.example' },
  },
});

/**
 * The command path without HTTP: the same mix as P1 (a third each of TakePledge, AddOfficers and
 * RecordTraining) through handleCommand — decide, group commit, fsync — from 64 concurrent callers
 * in this process. It separates what the engine's write path reaches from what the HTTP stack
 * costs. Returns commands/s per window.
 */
export async function engineOnlyRates(
  dir: string,
  agencies: BenchAgency[],
  seed: number,
  windows: number,
  ms: number,
): Promise<number[]> {
  const store = new SqliteEventStore(join(dir, 'engine-only.sqlite'));
  const cache = new StateCache();
  try {
    const seeded = agencies.map((a, i) => ({ a, id: `E-${i}`, officers: [] as string[] }));
    for (const s of seeded) {
      await command(store, cache, s.id, pledge(s.a, s.id));
      const officers = Array.from({ length: 4 }, (_, k) => `${s.id}-o${k}`);
      await command(store, cache, s.id, {
        type: 'AddOfficers',
        data: {
          officers: officers.map((officerRef) => ({ officerRef, sworn: true, joinedOn: '2019-06-01' })),
        },
      });
      s.officers.push(...officers);
    }
    const rates: number[] = [];
    let fresh = 0;
    for (let w = -1; w < windows; w++) {
      const r = rng(seed + 2000 + w);
      let done = 0;
      const t0 = performance.now();
      const deadline = t0 + ms;
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (performance.now() < deadline) {
            const x = r();
            const s = pick(r, seeded);
            if (x < 1 / 3) {
              const id = `E-new-${fresh++}`;
              await command(store, cache, id, pledge(s.a, id));
            } else if (x < 2 / 3) {
              const ref = `${s.id}-n${fresh++}`;
              await command(store, cache, s.id, {
                type: 'AddOfficers',
                data: { officers: [{ officerRef: ref, sworn: true, joinedOn: '2021-02-01' }] },
              });
              s.officers.push(ref);
            } else {
              await command(store, cache, s.id, {
                type: 'RecordTraining',
                data: {
                  records: [
                    {
                      officerRef: pick(r, s.officers),
                      programId: 'cit',
                      completedOn: '2025-05-20',
                      hours: 40,
                    },
                  ],
                },
              });
            }
            done += 1;
          }
        }),
      );
      if (w >= 0) rates.push(done / ((performance.now() - t0) / 1000)); // window -1 warms up
    }
    return rates;
  } finally {
    await store.close();
  }
}
