import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { postgresAnswers } from '#event-store/testing';
import { startProjector, startReadModels, type RunningProjector } from '#projector';
import { PgReadModels, rebuildPgReadModels } from '#read-models';
import { TestApp } from './support/test-app.js';

/**
 * Issue 19 item 3 through the whole system: READ_MODELS=postgres. The projector (holding the lease,
 * so its fence is checked in every batch transaction) writes the read models into PostgreSQL, and
 * the command app answers the public certificate check from there. Skipped, saying so, where no
 * PostgreSQL answers; a failure in CI (`postgresAnswers`).
 */
let skipped: string | null = 'not started';
const run = (name: string, fn: () => Promise<void>, timeout?: number) =>
  it(name, async () => (skipped ? console.warn(skipped) : fn()), timeout);

const HISTORIC = {
  name: 'Hist 2016 PD',
  country: 'US',
  region: 'TX',
  signatory: { name: 'Pat Chief', title: 'Chief of Police' },
  contact: { name: 'Sam Liaison', email: 'sam@old.example' },
  note: 'One Mind list 2016–2024, row 12',
  ruleSet: 'one-mind-2016',
  pledgedOn: '2017-02-01',
  submittedOn: '2018-01-05',
  effectiveOn: '2018-02-01',
  certificateNumber: 'OM-0412',
};

describe('read models on PostgreSQL (e2e, issue 19 item 3)', () => {
  let t: TestApp;
  /** A second command instance on the same database, with a data folder of its own (another machine). */
  let b: TestApp;
  let projector: RunningProjector;
  let staff: string;
  const env = { EVENT_STORE: 'postgres', READ_MODELS: 'postgres', ONEMIND_WORKERS: 'off' };

  beforeAll(async () => {
    if (!(await postgresAnswers('postgres read-models e2e')))
      return (skipped = 'postgres read-models e2e: skipped');
    skipped = null;
    t = await new TestApp(env).start();
    b = await new TestApp(env, t, { ownFolder: true }).start();
    projector = await startProjector(await t.projectorConfig(), { port: 0, subscribers: [startReadModels] });
    staff = await t.token('staff', 'alice@iacp');
  }, 30_000);
  afterAll(async () => {
    await projector?.stop();
    await b?.stop();
    await t?.stop();
  });

  run('the public certificate check answers from the read models in PostgreSQL', async () => {
    expect(projector.health()).toMatchObject({ ok: true, role: 'active' });
    const fence = projector.health().fence;
    expect(fence).toBeGreaterThan(0);

    const res = await t.request(
      'POST',
      '/v1/agencies/hist-2016-pd/campaigns/one-mind/historic-certification',
      {
        token: staff,
        body: HISTORIC,
      },
    );
    expect(res.status).toBe(201);
    const approved = (await t.logEvents()).find((e) => e.type === 'CertificationApproved')!;
    const code = (approved.data as { verificationCode: string }).verificationCode;

    const check = await t.request('GET', `/v1/public/certificates/OM-0412?code=${code}`, {
      headers: { 'x-min-position': String(approved.position) },
    });
    expect(check.status).toBe(200);
    expect(BigInt(check.headers.get('x-position')!)).toBeGreaterThanOrEqual(approved.position);
    expect(check.json).toMatchObject({
      valid: true,
      number: 'OM-0412',
      agencyId: 'hist-2016-pd',
      effectiveOn: '2018-02-01',
      revoked: false,
      campaignId: 'one-mind',
    });
    expect((await t.request('GET', `/v1/public/certificates/OM-0412?code=WRONG`)).status).toBe(404);
    const page = await t.request('GET', `/verify/OM-0412?code=${code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('OM-0412');

    // Rows, checkpoint and fence are in the database, not in the data folder.
    const client = new pg.Client({ connectionString: t.config.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT schema FROM read_models.generation) AS schema, (SELECT fence FROM read_models.lease_fence) AS fence`,
      );
      expect(rows[0]).toEqual({ schema: 'read_models_g1', fence: String(fence) });
      const checkpoint = await client.query(
        "SELECT position FROM read_models_g1.checkpoints WHERE projection = 'certificates'",
      );
      expect(BigInt(checkpoint.rows[0].position)).toBeGreaterThanOrEqual(approved.position);
    } finally {
      await client.end();
    }
  });

  run(
    'two command instances answer alike from the one database, also after a rebuild switched generations',
    async () => {
      const staffB = await b.token('staff', 'bob@iacp');
      const pledged = await b.request('POST', '/v1/agencies/tx-second-pd/pledge', {
        token: staffB,
        body: {
          name: 'Second PD',
          region: 'TX',
          signatory: { name: 'Chief', title: 'Chief of Police' },
          contact: { name: 'Desk', email: 'desk@pd.example' },
        },
      });
      expect(pledged.status).toBe(201);
      const joined = await t.request('POST', '/v1/agencies/tx-second-pd/officers', {
        token: staff,
        body: { officers: [{ officerRef: 'o-1', joinedOn: '2020-01-01' }] },
      });
      expect(joined.status).toBe(200);
      const at = { 'x-min-position': String(joined.json.position) };
      const answers = async (path: string) =>
        Promise.all(
          [t, b].map(async (app) => {
            const res = await app.request('GET', path, { token: staff, headers: at });
            return { status: res.status, body: res.json };
          }),
        );
      for (const path of [
        '/v1/public/agencies',
        '/v1/public/stats',
        '/v1/public/agencies?status=certified',
        '/v1/agencies?sort=name',
        '/v1/agencies/tx-second-pd',
        '/v1/agencies/tx-second-pd/campaigns',
        '/v1/agencies/tx-second-pd/officers',
        '/v1/agencies/tx-second-pd/evidence',
        '/v1/agencies/hist-2016-pd',
        '/v1/review-queue',
        '/v1/training-programs',
      ]) {
        const [fromA, fromB] = await answers(path);
        expect({ path, status: fromA.status }).toEqual({ path, status: 200 });
        expect({ path, body: fromB.body }).toEqual({ path, body: fromA.body });
      }
      const [officers] = await answers('/v1/agencies/tx-second-pd/officers');
      expect(officers.body.items.map((o: { officerRef: string }) => o.officerRef)).toEqual(['o-1']);
      const [{ body: list }] = await answers('/v1/public/agencies');
      expect(list.map((r: { agencyId: string }) => r.agencyId).sort()).toEqual([
        'hist-2016-pd',
        'tx-second-pd',
      ]);
      // b's own data folder holds no read model: what it answered came from PostgreSQL.
      expect(existsSync(join(b.dataDir, 'read-models.sqlite'))).toBe(false);

      // A certificate lost from the live generation: both say 404; after a rebuild from the log, both find it.
      const approved = (await t.logEvents()).find((e) => e.type === 'CertificationApproved')!;
      const code = (approved.data as { verificationCode: string }).verificationCode;
      const check = () =>
        Promise.all(
          [t, b].map(
            async (app) => (await app.request('GET', `/v1/public/certificates/OM-0412?code=${code}`)).status,
          ),
        );
      const rm = await PgReadModels.open({ connectionString: t.config.databaseUrl! });
      try {
        await rm.pool(await rm.current()).query("DELETE FROM certificates WHERE number = 'OM-0412'");
        expect(await check()).toEqual([404, 404]);
        const store = await t.openLog();
        try {
          expect(await rebuildPgReadModels(store, rm)).toBe('read_models_g2');
        } finally {
          await store.close();
        }
        const until = Date.now() + 5_000;
        let statuses = await check();
        while (statuses.some((s) => s !== 200) && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 50));
          statuses = await check();
        }
        expect(statuses).toEqual([200, 200]);
      } finally {
        await rm.close();
      }
      // The projector followed too: a write after the switch is read back (from the new generation).
      const after = await t.request('POST', '/v1/agencies/tx-third-pd/pledge', {
        token: staff,
        body: {
          name: 'Third PD',
          region: 'TX',
          signatory: { name: 'Chief', title: 'Chief of Police' },
          contact: { name: 'Desk', email: 'desk@pd.example' },
        },
      });
      const listed = await b.request('GET', '/v1/public/agencies', {
        headers: { 'x-min-position': String(after.json.position) },
      });
      expect(listed.status).toBe(200);
      expect(listed.json.map((r: { agencyId: string }) => r.agencyId)).toContain('tx-third-pd');
    },
    60_000,
  );
});
