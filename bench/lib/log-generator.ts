import { randomUUID } from 'node:crypto';
import { agencyDecider, initialCatalogue, type AgencyCommand } from '#domain';
import { SqliteEventStore } from '#event-store';
import { CURRENT_SCHEMA_VERSIONS, agencyStream, type NewEvent } from '#events';
import type { BenchAgency } from './agencies.js';
import { pledgeBody } from './http.js';
import { rng, pick } from './rng.js';

const PROGRAMS = ['cit', 'crit', 'mhfa', 'mhfa-public-safety'];

function toNew(
  events: { type: string; data: unknown }[],
  sub: string,
  agencyId: string,
  recordedAt: string,
): NewEvent[] {
  const commandId = randomUUID();
  return events.map((e) => {
    const schemaVersion = CURRENT_SCHEMA_VERSIONS[e.type as keyof typeof CURRENT_SCHEMA_VERSIONS];
    return {
      id: randomUUID(),
      type: e.type,
      schemaVersion,
      data: e.data,
      metadata: {
        actor: { sub, role: 'agency', agencyId },
        commandId,
        correlationId: commandId,
        causationId: commandId,
        recordedAt,
        schemaVersion,
      },
    } as NewEvent;
  });
}

/**
 * Writes a log straight through the store (the real append path: hash chain, positions), with the
 * pledge decided by the real decider and one OfficerJoined + one OfficerTrained per sworn officer:
 * what the HTTP API would have stored, minus the HTTP. Returns the number of events written.
 */
export async function generateLog(
  file: string,
  agencies: BenchAgency[],
  opts: { seed: number; officers?: boolean; maxEvents?: number },
): Promise<number> {
  const store = new SqliteEventStore(file);
  const r = rng(opts.seed);
  const now = new Date().toISOString();
  let total = 0;
  try {
    for (const a of agencies) {
      const cmd = { type: 'TakePledge', data: { agencyId: a.agencyId, ...pledgeBody(a) } } as AgencyCommand;
      const ctx = {
        now,
        actor: { sub: `bench-${a.agencyId}`, role: 'agency' as const, agencyId: a.agencyId },
        random: { id: randomUUID, verificationCode: () => 'ABCDEFGHJK' },
        catalogue: initialCatalogue(),
        fourEyes: false,
      };
      const pending: Promise<unknown>[] = [];
      const pledged = agencyDecider.decide(cmd, agencyDecider.initialState(), ctx);
      const stream = agencyStream(a.agencyId);
      pending.push(store.append(stream, toNew(pledged, ctx.actor.sub, a.agencyId, now), 'no-stream'));
      total += pledged.length;
      if (opts.officers !== false) {
        const officers = Math.min(
          a.officers,
          opts.maxEvents ? Math.max(0, Math.floor((opts.maxEvents - total) / 2)) : a.officers,
        );
        for (let from = 0; from < officers; from += 2500) {
          const batch: { type: string; data: unknown }[] = [];
          for (let i = from; i < Math.min(officers, from + 2500); i++) {
            const ref = `${a.agencyId}-${i}`;
            batch.push({
              type: 'OfficerJoined',
              data: {
                officerRef: ref,
                sworn: true,
                joinedOn: `20${10 + Math.floor(r() * 14)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
              },
            });
            const program = pick(r, PROGRAMS);
            batch.push({
              type: 'OfficerTrained',
              data: {
                officerRef: ref,
                programId: program,
                completedOn: '2025-05-20',
                hours: program.startsWith('mhfa') ? 8 : 40,
              },
            });
          }
          pending.push(store.append(stream, toNew(batch, ctx.actor.sub, a.agencyId, now), 'exists'));
          total += batch.length;
        }
      }
      await Promise.all(pending);
      if (opts.maxEvents && total >= opts.maxEvents) break;
    }
  } finally {
    await store.close();
  }
  return total;
}
