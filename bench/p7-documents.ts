import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { SqliteEventStore } from '#event-store';
import { scaledAgencies } from './lib/agencies.js';
import { BENCH_REDIS_PREFIX, REDIS_URL, removeDir, startCommandApp, tempDir } from './lib/app.js';
import { expectOk, pledgeBody, postJson, token } from './lib/http.js';
import { notMeasured, type BenchContext, type TargetResult } from './lib/result.js';
import { median, round, sig, spread } from './lib/stats.js';

const dist = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const MODULES = {
  certificate: dist('apps/command/src/documents/certificate.pdf.js'),
  letter: dist('apps/command/src/documents/letter.pdf.js'),
  signer: dist('apps/command/src/documents/signer.js'),
  config: dist('libs/config/src/config.js'),
  jobs: dist('libs/jobs/src/redis/index.js'),
};

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/**
 * Baseline: the same two documents (renderCertificate + renderLetter, i.e. pdfkit drawing them,
 * QR code included) rendered back to back in one process. End to end: N certified agencies' jobs
 * enqueued (by reconcile, as after a restart) → the app's BullMQ workers render, store, hash and
 * append CertificateIssued + PresidentialLetterIssued; timed until the last event is in the log.
 */
export async function p7(ctx: BenchContext): Promise<TargetResult> {
  const target = '>= 0.25';
  const missing = Object.entries(MODULES).filter(([, f]) => !existsSync(f));
  if (missing.length) return notMeasured(target, `not built yet: ${missing.map(([, f]) => f).join(', ')}`);
  const [cert, letter, signerModule, docConfig, jobs] = (await Promise.all(
    Object.values(MODULES).map((f) => import(pathToFileURL(f).href)),
  )) as Record<string, any>[];
  if (
    typeof cert.renderCertificate !== 'function' ||
    typeof letter.renderLetter !== 'function' ||
    typeof signerModule.documentArt !== 'function' ||
    typeof jobs.reconcile !== 'function'
  ) {
    return notMeasured(
      target,
      'the documents code exports no renderCertificate/renderLetter, or libs/jobs no reconcile',
    );
  }
  const n = ctx.quick ? 8 : 40;
  const runs = 3;
  // The documents as the job renders them (issue 17): the configured signer and artwork.
  const documents = docConfig.loadConfig().documents;
  const options = {
    signer: { name: documents.presidentName, title: documents.presidentTitle },
    art: await signerModule.documentArt(documents),
    publicBaseUrl: 'http://localhost:3000',
  };
  const facts = (i: number) => ({
    agencyName: 'Flower Mound Police Department',
    certificateNumber: `OM-2026-TX-${1000 + i}`,
    verificationCode: 'ABCDEFGHJK',
    effectiveOn: '2026-03-01',
    approvedAt: '2026-03-01T10:00:00.000Z',
    signatory: { name: 'Andy Kancel', title: 'Chief of Police' },
  });
  // Baseline: raw render rate of the pair, after a few unmeasured renders (JIT, fonts, QR tables).
  for (let i = 0; i < 3; i++) {
    await cert.renderCertificate(facts(i), options);
    await letter.renderLetter({ ...facts(i), addressedTo: facts(i).signatory }, options);
  }
  const baseRuns: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const f = facts(i);
      await cert.renderCertificate(f, options);
      await letter.renderLetter({ ...f, addressedTo: f.signatory }, options);
    }
    baseRuns.push(n / ((performance.now() - t0) / 1000));
  }
  const baseline = median(baseRuns);
  ctx.log(`P7 baseline: ${baseRuns.map((x) => x.toFixed(1)).join(', ')} certificate+letter pairs/s rendered`);

  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const rates: number[] = [];
  const perRun: Record<string, unknown>[] = [];
  // One app and one queue prefix for the three runs, each run certifying agencies of its own.
  const dir = tempDir('p7');
  const prefix = `${BENCH_REDIS_PREFIX}p7`;
  let store: SqliteEventStore | undefined;
  let queues: any;
  try {
    const app = await startCommandApp(join(dir, 'data'), {
      extraEnv: { ONEMIND_WORKERS: 'on', ONEMIND_QUEUE_PREFIX: prefix },
    });
    try {
      const staff = await token('staff', 'bench-staff');
      store = new SqliteEventStore(join(dir, 'data', 'events.sqlite'), { readonly: true });
      queues = new jobs.JobQueues(REDIS_URL, prefix);
      for (let run = 0; run < runs; run++) {
        const agencies = scaledAgencies(n, ctx.seed + run);
        await Promise.all(
          agencies.map(async (a) => {
            const id = `${a.agencyId}-p7-${run}`;
            const t = await token('agency', `bench-${id}`, id);
            const path = `/v1/agencies/${id}`;
            expectOk(await postJson(app.url, `${path}/pledge`, t, pledgeBody(a)), 'pledge');
            expectOk(
              await postJson(app.url, `${path}/partnerships`, t, {
                partnerName: 'County MHMR Center',
                partnerType: 'community-mental-health',
                establishedOn: '2025-02-01',
              }),
              'partnership',
            );
            expectOk(
              await postJson(app.url, `${path}/policies`, t, {
                title: 'Response to Persons in Crisis',
                version: '2025.1',
                adoptedOn: '2025-02-15',
                effectiveOn: '2025-03-01',
                basedOnIacpModel: true,
              }),
              'policy',
            );
            const officers = Array.from({ length: 5 }, (_, i) => ({
              officerRef: `${id}-o${i}`,
              joinedOn: '2019-06-01',
            }));
            expectOk(await postJson(app.url, `${path}/officers`, t, { officers }), 'officers');
            expectOk(
              await postJson(app.url, `${path}/trainings`, t, {
                records: officers.map((o) => ({
                  officerRef: o.officerRef,
                  programId: 'cit',
                  completedOn: '2025-05-20',
                  hours: 40,
                })),
              }),
              'trainings',
            );
            expectOk(await postJson(app.url, `${path}/submission`, t, {}), 'submission');
            expectOk(await postJson(app.url, `${path}/review/approve`, staff, {}), 'approve');
          }),
        );
        const wanted = new Set(agencies.map((a) => `agency-${a.agencyId}-p7-${run}`));
        const from = await store.headPosition();
        // A reactor may already have enqueued them on approval; reconcile adds whatever is missing.
        const t0 = performance.now();
        await jobs.reconcile(store, queues, () => new Date().toISOString());
        const issued = new Set<string>();
        let after = from;
        while (issued.size < 2 * n) {
          for (const e of await store.readAll(after, 1000)) {
            after = e.position;
            if (
              wanted.has(e.streamId) &&
              (e.type === 'CertificateIssued' || e.type === 'PresidentialLetterIssued')
            )
              issued.add(`${e.streamId}/${e.type}`);
          }
          if (performance.now() - t0 > 120_000)
            throw new Error(`only ${issued.size} of ${2 * n} documents issued after 120 s`);
          if (issued.size < 2 * n) await new Promise((r) => setTimeout(r, 20));
        }
        const seconds = (performance.now() - t0) / 1000;
        rates.push(n / seconds);
        perRun.push({ agencies: n, seconds: round(seconds, 3) });
        ctx.log(
          `P7 run ${run + 1}: ${n} certificate+letter pairs end to end in ${seconds.toFixed(2)} s (${(n / seconds).toFixed(1)}/s)`,
        );
      }
    } finally {
      await queues?.close();
      await store?.close();
      await app.stop();
    }
  } finally {
    await deletePrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
    removeDir(dir);
  }
  const s = spread(rates);
  const ratio = s.value / baseline;
  return {
    ...s,
    unit: 'certificate+letter pairs/s',
    baseline: sig(baseline),
    baselineName: 'renderCertificate + renderLetter (pdfkit) back to back, pairs/s',
    ratio: round(ratio, 3),
    target,
    runs: rates.map(sig),
    met: ratio >= 0.25,
    details: {
      agenciesPerRun: n,
      baselineRuns: baseRuns.map(sig),
      perRun,
      method:
        "certified agencies made over HTTP (pledge, partnership, policy, 5 officers all CIT-trained, submission, staff approval); document jobs enqueued by libs/jobs reconcile into a BullMQ prefix of the run; timed from the enqueue to the last CertificateIssued/PresidentialLetterIssued in the log (workers: the app's, default concurrency)",
    },
  };
}
