import { join } from 'node:path';
import { scaledAgencies } from './lib/agencies.js';
import { runMix, type MixRun } from './lib/command-mix.js';
import { removeDir, tempDir, type RunningApp } from './lib/app.js';
import { token } from './lib/http.js';
import { postgresUnavailable, scratchDatabase, type ScratchDb } from './lib/postgres.js';
import { notMeasured, type BenchContext, type TargetResult } from './lib/result.js';
import { median, round, sig, spread } from './lib/stats.js';
import { seed } from './p1-commands.js';
import { startPostgresCommandApp } from './p9-postgres.js';

export const P11_TARGET = '>= 1.2, no conflicts lost, no duplicate effects';

/**
 * What the log says after the rounds (every figure must be 0, and `appended` must equal what was
 * acknowledged): a write acknowledged but missing, or taking effect twice, or a revision skipped or
 * written twice, shows here. Pledges (a new agency each) and AddOfficers (a new ref each) append
 * exactly one event per 2xx; trainings may be no-ops (the same record twice), so are not counted.
 */
async function logCheck(db: ScratchDb) {
  const [row] = await db.query<{
    pledges: string;
    joined: string;
    duplicatePledges: string;
    duplicateJoins: string;
    brokenStreams: string;
    positionGaps: string;
  }>(`SELECT
      (SELECT count(*) FROM events WHERE type = 'PledgeTaken') AS pledges,
      (SELECT count(*) FROM events WHERE type = 'OfficerJoined') AS joined,
      (SELECT count(*) FROM (SELECT stream_id FROM events WHERE type = 'PledgeTaken'
         GROUP BY stream_id HAVING count(*) > 1) d) AS "duplicatePledges",
      (SELECT count(*) FROM (SELECT stream_id, data::json->>'officerRef' FROM events WHERE type = 'OfficerJoined'
         GROUP BY 1, 2 HAVING count(*) > 1) d) AS "duplicateJoins",
      (SELECT count(*) FROM (SELECT stream_id FROM events GROUP BY stream_id
         HAVING max(revision) + 1 <> count(*)) d) AS "brokenStreams",
      (SELECT max(position) - count(*) FROM events) AS "positionGaps"`);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<
    keyof typeof row,
    number
  >;
}

const acknowledged = (runs: MixRun[], kind: string) =>
  runs.reduce((sum, r) => sum + ((r.detail.byKind as Record<string, number>)[kind] ?? 0), 0);

/**
 * P11: P1's mix through two command instances (separate processes and data folders, one
 * PostgreSQL database, the 64 clients split between them) against the same mix through one of
 * them, in interleaved rounds on the same log. Then the log is checked for what went wrong.
 */
export async function p11(ctx: BenchContext): Promise<TargetResult> {
  const unavailable = await postgresUnavailable();
  if (unavailable) {
    ctx.log(`P11 skipped: ${unavailable}`);
    return notMeasured(P11_TARGET, unavailable);
  }
  const runs = 3;
  const clients = 64;
  const durationMs = ctx.quick ? 2_500 : 10_000;
  const warmUpMs = ctx.quick ? 1_500 : 5_000;
  const agenciesCount = ctx.quick ? 128 : 1_000;
  const dir = tempDir('p11');
  const db = await scratchDatabase('p11');
  const apps: RunningApp[] = [];
  try {
    for (const name of ['a', 'b']) apps.push(await startPostgresCommandApp(join(dir, name), db));
    const [a, b] = apps;
    const agencies = scaledAgencies(agenciesCount, ctx.seed);
    const seeded = await seed(a.url, agencies, clients);
    const staff = await token('staff', 'bench-staff');
    const before = await logCheck(db);
    const measured: { one: MixRun[]; two: MixRun[] } = { one: [], two: [] };
    const all: MixRun[] = [];
    for (let run = -1; run < runs; run++) {
      const opts = { clients, ms: run < 0 ? warmUpMs : durationMs, seed: ctx.seed + 1000 + run };
      const one = await runMix(
        { urls: [a.url], pids: [a.child.pid], idPrefix: `P11-1-${ctx.seed}-${run + 1}` },
        seeded,
        agencies,
        staff,
        opts,
      );
      const two = await runMix(
        { urls: [a.url, b.url], pids: [a.child.pid, b.child.pid], idPrefix: `P11-2-${ctx.seed}-${run + 1}` },
        seeded,
        agencies,
        staff,
        opts,
      );
      all.push(one, two);
      const label = run < 0 ? 'warm-up (not counted)' : `run ${run + 1}`;
      ctx.log(
        `P11 ${label}: one instance ${Math.round(one.rate)}/s p99 ${one.p99.toFixed(1)} ms; two ${Math.round(two.rate)}/s p99 ${two.p99.toFixed(1)} ms, failures ${JSON.stringify(two.detail.failures)}, conflicts re-decided ${two.detail.conflicts}`,
      );
      if (run >= 0) {
        measured.one.push(one);
        measured.two.push(two);
      }
    }
    const after = await logCheck(db);
    const check = {
      pledgesAcknowledged: acknowledged(all, 'pledge'),
      pledgesAppended: after.pledges - before.pledges,
      officersAcknowledged: acknowledged(all, 'officer'),
      officersAppended: after.joined - before.joined,
      duplicatePledges: after.duplicatePledges,
      duplicateJoins: after.duplicateJoins,
      streamsWithRevisionGaps: after.brokenStreams,
      positionGaps: after.positionGaps,
    };
    const clean =
      check.pledgesAcknowledged === check.pledgesAppended &&
      check.officersAcknowledged === check.officersAppended &&
      check.duplicatePledges + check.duplicateJoins + check.streamsWithRevisionGaps + check.positionGaps ===
        0;
    ctx.log(`P11 log check (${clean ? 'clean' : 'FAILED'}): ${JSON.stringify(check)}`);

    const rates = measured.two.map((r) => r.rate);
    const s = spread(rates);
    const baseline = median(measured.one.map((r) => r.rate));
    const ratio = s.value / baseline;
    return {
      ...s,
      unit: 'commands/s',
      baseline: sig(baseline),
      baselineName: 'one command instance on the same PostgreSQL log, same load',
      ratio: round(ratio, 3),
      target: P11_TARGET,
      runs: rates.map(sig),
      met: ratio >= 1.2 && clean,
      details: {
        clients,
        instances: 2,
        durationMsPerRun: durationMs,
        warmUpMs,
        agencies: agenciesCount,
        p99Ms: round(median(measured.two.map((r) => r.p99))),
        logCheck: { clean, ...check },
        one: {
          value: sig(baseline),
          runs: measured.one.map((r) => sig(r.rate)),
          p99Ms: round(median(measured.one.map((r) => r.p99))),
          perRun: measured.one.map((r) => r.detail),
        },
        perRun: measured.two.map((r) => r.detail),
        method:
          "P1's mix (64 HTTP clients, real JWTs) through two command apps (own processes and data folders, EVENT_STORE=postgres, one database; clients alternate between them) vs through one of them, interleaved rounds on the same log; afterwards every acknowledged pledge and officer is counted in the log and duplicates, revision gaps and position gaps are looked for",
      },
    };
  } finally {
    await Promise.all(apps.map((x) => x.stop()));
    await db.drop().catch((err: Error) => ctx.log(`P11: could not drop ${db.name}: ${err.message}`));
    removeDir(dir);
  }
}
