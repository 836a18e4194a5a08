import { rmSync } from 'node:fs';
import { startFloorServer, tempDir, type RunningApp } from '../lib/app.js';
import { pledgeBody, postJson, token } from '../lib/http.js';

// P1's baseline must answer the benchmark's requests as the engine would, or the ratio means nothing.
describe('the P1 floor server (bench/floor) answers the benchmark mix like the engine (e2e)', () => {
  let floor: RunningApp;
  const dir = tempDir('floor-test');
  beforeAll(async () => {
    floor = await startFloorServer(dir);
  });
  afterAll(async () => {
    await floor.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pledges, adds officers and records trainings durably, with revisions and the engine’s refusals', async () => {
    const staff = await token('staff', 'floor-staff');
    const agency = await token('agency', 'floor-chief', 'tx-floor-pd');
    const pledge = pledgeBody({ name: 'Floor', ori: 'TX0000000', type: 'City' });
    const first = await postJson(floor.url, '/v1/agencies/tx-floor-pd/pledge', staff, pledge);
    expect([first.status, JSON.parse(first.body).revision]).toEqual([201, '0']);
    expect((await postJson(floor.url, '/v1/agencies/tx-floor-pd/pledge', staff, pledge)).status).toBe(422);
    const officers = await postJson(floor.url, '/v1/agencies/tx-floor-pd/officers', agency, {
      officers: [{ officerRef: 'o-1', joinedOn: '2021-02-01' }],
    });
    expect([officers.status, JSON.parse(officers.body).revision]).toEqual([200, '1']);
    const training = {
      records: [{ officerRef: 'o-1', programId: 'cit', completedOn: '2025-05-20', hours: 40 }],
    };
    expect(
      JSON.parse((await postJson(floor.url, '/v1/agencies/tx-floor-pd/trainings', agency, training)).body)
        .revision,
    ).toBe('2');
    expect((await postJson(floor.url, '/v1/agencies/tx-other-pd/trainings', agency, training)).status).toBe(
      403,
    );
    expect(
      (await postJson(floor.url, '/v1/agencies/tx-floor-pd/trainings', 'not-a-token', training)).status,
    ).toBe(401);
    expect(
      (await postJson(floor.url, '/v1/agencies/tx-floor-pd/officers', agency, { officers: [] })).status,
    ).toBe(400);
  });
});
