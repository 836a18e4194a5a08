import { removeDir, startCommandApp, waitWarmUp } from './lib/app.js';
import { send, token } from './lib/http.js';
import { notMeasured, type BenchContext, type TargetResult } from './lib/result.js';
import { round, spread } from './lib/stats.js';
import { copyLargeFixture } from './p2-import.js';

/** GET /v1/agencies/{id}/state?asOf=<today> on the largest agency: a fold of all ~65,000 events. */
export async function p5(ctx: BenchContext): Promise<TargetResult> {
  const fixture = copyLargeFixture(ctx, 'p5');
  if (!fixture) return notMeasured('<= 500', 'P2 did not produce the largest agency');
  try {
    const app = await startCommandApp(fixture.dataDir);
    const big = fixture.agencies[0];
    const auditor = await token('auditor', 'bench-auditor');
    const asOf = new Date().toISOString().slice(0, 10);
    const path = `/v1/agencies/${big.agencyId}/state?asOf=${asOf}`;
    const ms: number[] = [];
    let bytes = 0;
    try {
      const warmUp = await waitWarmUp(app.url);
      const first = await send(app.url, 'GET', path, auditor);
      if (first.status === 404 && !first.body.includes('agency-not-found')) {
        return notMeasured('<= 500', `GET ${path} answered 404 (no state endpoint in this build)`);
      }
      if (first.status !== 200) throw new Error(`state: HTTP ${first.status} ${first.body.slice(0, 300)}`);
      const runs = ctx.quick ? 3 : 7;
      for (let i = 0; i < runs; i++) {
        const r = await send(app.url, 'GET', path, auditor);
        if (r.status !== 200) throw new Error(`state: HTTP ${r.status}`);
        ms.push(r.ms);
        bytes = r.body.length;
      }
      ctx.log(`P5: ${ms.map((x) => x.toFixed(0)).join(', ')} ms (first ${first.ms.toFixed(0)} ms)`);
      const s = spread(ms);
      return {
        ...s,
        unit: 'ms',
        target: '<= 500',
        runs: ms.map((x) => round(x, 1)),
        met: s.value <= 500,
        details: {
          firstRequestMs: round(first.ms),
          warmUp,
          events: big.events,
          responseBytes: bytes,
          method: `GET /v1/agencies/{id}/state?asOf=${asOf} (end of today: every event) over HTTP, auditor JWT; folded from the log on each request, from the nearest fold point; the first request after the start-up warm-up is reported separately`,
        },
      };
    } finally {
      await app.stop();
    }
  } finally {
    removeDir(fixture.dir);
  }
}
