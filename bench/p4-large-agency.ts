import { removeDir, startCommandApp, waitWarmUp } from './lib/app.js';
import { expectOk, pledgeBody, postJson, token } from './lib/http.js';
import { notMeasured, type BenchContext, type TargetResult } from './lib/result.js';
import { median, percentile, round } from './lib/stats.js';
import { copyLargeFixture } from './p2-import.js';

const training = (officerRef: string) => ({
  records: [{ officerRef, programId: 'cit', completedOn: '2025-06-01', hours: 40 }],
});

/**
 * The same one-record RecordTraining, sequentially, alternating between the largest agency
 * (~65,000 events, 32,300 officers) and a 20-officer one; p99 of each, per run.
 */
export async function p4(ctx: BenchContext): Promise<TargetResult> {
  const fixture = copyLargeFixture(ctx, 'p4');
  if (!fixture) return notMeasured('<= 3', 'P2 did not produce the largest agency');
  const runs = 3;
  const perRunSamples = ctx.quick ? 80 : 500;
  try {
    const app = await startCommandApp(fixture.dataDir);
    ctx.shared.commandAppReadyMs = app.readyMs;
    const big = fixture.agencies[0];
    let coldFirstMs: number | undefined;
    let warmUp: Awaited<ReturnType<typeof waitWarmUp>> = null;
    const bigP99: number[] = [];
    const smallP99: number[] = [];
    const perRun: Record<string, unknown>[] = [];
    try {
      // After a start the app folds its largest agencies in the background (audit/warm-up.ts); the
      // first command after that reads only what its fold points do not cover.
      warmUp = await waitWarmUp(app.url);
      coldFirstMs = expectOk(
        await postJson(
          app.url,
          `/v1/agencies/${big.agencyId}/trainings`,
          big.token,
          training(`${big.agencyId}-000000`),
        ),
        'cold',
      ).ms;
      ctx.log(
        `P4: start-up warm-up ${warmUp ? `${warmUp.state}, ${warmUp.streams.length} agencies, ${warmUp.events} events in ${warmUp.ms} ms` : 'not in this build'}; first command on the largest agency ${coldFirstMs.toFixed(0)} ms`,
      );
      const smallId = 'TX0611200-small20';
      const smallToken = await token('agency', 'bench-small', smallId);
      expectOk(
        await postJson(
          app.url,
          `/v1/agencies/${smallId}/pledge`,
          smallToken,
          pledgeBody({ name: 'Flower Mound', ori: 'TX0611200', type: 'City' }),
        ),
        'pledge',
      );
      const officers = Array.from({ length: 20 }, (_, i) => ({
        officerRef: `fm-${i}`,
        joinedOn: '2018-01-10',
      }));
      expectOk(
        await postJson(app.url, `/v1/agencies/${smallId}/officers`, smallToken, { officers }),
        'officers',
      );
      for (let i = 0; i < 10; i++) {
        expectOk(
          await postJson(app.url, `/v1/agencies/${smallId}/trainings`, smallToken, training(`fm-${i % 20}`)),
          'warm-up',
        );
        expectOk(
          await postJson(
            app.url,
            `/v1/agencies/${big.agencyId}/trainings`,
            big.token,
            training(`${big.agencyId}-${String(i).padStart(6, '0')}`),
          ),
          'warm-up',
        );
      }
      for (let run = 0; run < runs; run++) {
        const b: number[] = [];
        const s: number[] = [];
        for (let i = 0; i < perRunSamples; i++) {
          s.push(
            expectOk(
              await postJson(
                app.url,
                `/v1/agencies/${smallId}/trainings`,
                smallToken,
                training(`fm-${i % 20}`),
              ),
              'small',
            ).ms,
          );
          const ref = `${big.agencyId}-${String((i * 7919) % 32_300).padStart(6, '0')}`;
          b.push(
            expectOk(
              await postJson(app.url, `/v1/agencies/${big.agencyId}/trainings`, big.token, training(ref)),
              'big',
            ).ms,
          );
        }
        bigP99.push(percentile(b, 99));
        smallP99.push(percentile(s, 99));
        perRun.push({
          largeP50Ms: round(percentile(b, 50)),
          largeP99Ms: round(percentile(b, 99)),
          smallP50Ms: round(percentile(s, 50)),
          smallP99Ms: round(percentile(s, 99)),
        });
        ctx.log(
          `P4 run ${run + 1}: p99 large ${percentile(b, 99).toFixed(2)} ms, small ${percentile(s, 99).toFixed(2)} ms`,
        );
      }
    } finally {
      await app.stop();
    }
    const value = median(bigP99);
    const baseline = median(smallP99);
    const ratio = value / baseline;
    return {
      value: round(value),
      min: round(Math.min(...bigP99)),
      max: round(Math.max(...bigP99)),
      unit: 'ms p99',
      baseline: round(baseline),
      baselineName: 'p99 of the same command on a 20-officer agency',
      ratio: round(ratio, 3),
      target: '<= 3',
      runs: bigP99.map((x) => round(x)),
      met: ratio <= 3,
      details: {
        largeAgencyEvents: big.events,
        samplesPerRunEach: perRunSamples,
        baselineRuns: smallP99.map((x) => round(x)),
        coldFirstCommandMs: coldFirstMs === undefined ? undefined : round(coldFirstMs),
        warmUp,
        perRun,
        method:
          'sequential POST /trainings with 1 record, alternating large/small agency, keep-alive, real JWTs; after 10 warm-up commands each (the first command after start, once the start-up warm-up has folded the largest agencies, is reported separately, with the warm-up)',
      },
    };
  } finally {
    removeDir(fixture.dir);
  }
}
