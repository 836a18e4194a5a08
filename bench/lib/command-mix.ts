import { readFileSync } from 'node:fs';
import type { BenchAgency } from './agencies.js';
import { pledgeBody, postJson, send } from './http.js';
import { pick, rng } from './rng.js';
import { percentile, round } from './stats.js';

/** An agency pledged with a few officers before the load, so that officer and training commands land. */
export interface Seeded {
  agency: BenchAgency;
  token: string;
  officers: string[];
}

export interface MixRun {
  rate: number;
  p99: number;
  detail: Record<string, unknown>;
}

/** CPU seconds (user + system) a process has used so far; Linux only (null elsewhere). */
export function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ ticks
  } catch {
    return null;
  }
}

export async function pool<T>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Sum of a server's `onemind_command_conflicts_total` (0 for a server without /metrics). */
export async function conflictCount(url: string): Promise<number> {
  const reply = await send(url, 'GET', '/metrics', undefined);
  if (reply.status !== 200) return 0;
  return reply.body
    .split('\n')
    .filter((l) => l.startsWith('onemind_command_conflicts_total'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

export interface MixTarget {
  urls: string[];
  pids: (number | undefined)[];
  /** Distinct per target and run, so that two servers measured in one run never pledge one id. */
  idPrefix: string;
}

/**
 * One measured window of P1's mix: `clients` clients, each one request in flight, a third each of
 * TakePledge (a new agency), AddOfficers (1) and RecordTraining (1) on seeded agencies. The same
 * loop drives the engine and the floor server, so their figures compare like for like.
 */
export async function runMix(
  target: MixTarget,
  seeded: Seeded[],
  templates: BenchAgency[],
  staff: string,
  opts: { clients: number; ms: number; seed: number },
): Promise<MixRun> {
  const r = rng(opts.seed);
  const latencies: number[] = [];
  const byKind: Record<string, number> = { pledge: 0, officer: 0, training: 0 };
  const failures: Record<string, number> = {};
  let newAgency = 0;
  let newOfficer = 0;
  const conflictsBefore = (await Promise.all(target.urls.map(conflictCount))).reduce((a, b) => a + b, 0);
  const cpuBefore = target.pids.map(cpuSeconds);
  const t0 = performance.now();
  const deadline = t0 + opts.ms;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, client) => {
      const url = target.urls[client % target.urls.length];
      while (performance.now() < deadline) {
        const x = r();
        let reply;
        let kind: string;
        if (x < 1 / 3) {
          kind = 'pledge';
          reply = await postJson(
            url,
            `/v1/agencies/${target.idPrefix}-${newAgency++}/pledge`,
            staff,
            pledgeBody(pick(r, templates)),
          );
        } else if (x < 2 / 3) {
          kind = 'officer';
          const s = pick(r, seeded);
          const ref = `${s.agency.agencyId}-${target.idPrefix}-n${newOfficer++}`;
          reply = await postJson(url, `/v1/agencies/${s.agency.agencyId}/officers`, s.token, {
            officers: [{ officerRef: ref, joinedOn: '2021-02-01' }],
          });
          if (reply.status < 300) s.officers.push(ref);
        } else {
          kind = 'training';
          const s = pick(r, seeded);
          reply = await postJson(url, `/v1/agencies/${s.agency.agencyId}/trainings`, s.token, {
            records: [
              {
                officerRef: pick(r, s.officers),
                programId: pick(r, ['cit', 'crit', 'mhfa', 'mhfa-public-safety']),
                completedOn: '2025-05-20',
                hours: 40,
              },
            ],
          });
        }
        if (reply.status >= 200 && reply.status < 300) {
          latencies.push(reply.ms);
          byKind[kind] += 1;
        } else {
          failures[`${kind} ${reply.status}`] = (failures[`${kind} ${reply.status}`] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpuAfter = target.pids.map(cpuSeconds);
  const conflicts =
    (await Promise.all(target.urls.map(conflictCount))).reduce((a, b) => a + b, 0) - conflictsBefore;
  // The server's CPU per command: steadier than the rate on a shared machine, so A/B comparisons use it.
  const cpuUsPerCommand = cpuAfter.every((c, i) => c !== null && cpuBefore[i] !== null)
    ? round(
        (cpuAfter.reduce<number>((sum, c, i) => sum + c! - cpuBefore[i]!, 0) /
          Math.max(1, latencies.length)) *
          1e6,
        0,
      )
    : null;
  const p99 = percentile(latencies, 99);
  return {
    rate: latencies.length / seconds,
    p99,
    detail: {
      commands: latencies.length,
      seconds: round(seconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(p99),
      byKind,
      failures,
      conflicts,
      cpuUsPerCommand,
    },
  };
}
