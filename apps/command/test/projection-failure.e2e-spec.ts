import type { EventStore } from '#event-store';
import { startProjector, type RunningProjector } from '#projector';
import { startReadModels } from '#projector';
import { seedLog, toNew } from '../../projector/test/support/seed-log.js';
import { TestApp } from './support/test-app.js';

/** G4, seen from the command app: a stopped projection makes it not ready and shows in /metrics. */
describe('a projection that stopped on a bad event (e2e)', () => {
  const t = new TestApp();
  let projector: RunningProjector;
  let store: EventStore;

  beforeAll(async () => {
    await t.start();
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
    store = await t.openLog();
    await seedLog(store, 3, 5, 3, 'pf');
  });
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await t.stop();
  });

  it('readiness fails naming the projection and position; metrics report it; reads wait, never skip', async () => {
    const head = await store.headPosition();
    expect(
      (await t.request('GET', '/v1/public/stats', { headers: { 'x-min-position': String(head) } })).json
        .total,
    ).toBe(5);
    expect((await t.request('GET', '/health/ready')).json.checks.projector.ok).toBe(true);

    const bad = await store.append('agency-pf-1', [toNew({ type: 'UnheardOf', data: { x: 1 } })], 'exists');
    for (let i = 0; i < 200 && projector.health().ok; i++) await new Promise((r) => setTimeout(r, 20));
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.json.checks.projector).toMatchObject({
      ok: false,
      detail: expect.stringContaining(`failed at ${bad.position}`),
    });
    const metrics = (await t.request('GET', '/metrics')).text;
    expect(metrics).toMatch(/onemind_projection_failed\{projection="agencies"\} 1/);
    expect(metrics).toMatch(
      new RegExp(`onemind_projection_position\\{projection="agencies"\\} ${bad.position - 1n}\\b`),
    );
    const read = await t.request('GET', '/v1/public/stats');
    expect(read.headers.get('x-position')).toBe(String(bad.position - 1n));
  });
});
