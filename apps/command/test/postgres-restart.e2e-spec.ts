import { PostgresEventStore } from '#event-store/postgres';
import { PrivatePostgres } from '#event-store/testing';
import { loadConfig } from '#config';
import { startProjector, type RunningProjector } from '#projector';
import { TestApp } from './support/test-app.js';

/**
 * G11, PostgreSQL restarted during writes, against the real server: a private PostgreSQL instance
 * (never the machine's shared cluster) is stopped (`pg_ctl stop -m fast`, what a restart does
 * first) while three writers keep posting, and started again. Meanwhile writes answer 503
 * `store-unavailable` with `Retry-After` and readiness fails; afterwards the app and the projector
 * carry on without a restart, every write that got a 2xx is in the log, and each refused write
 * retried with its Idempotency-Key takes effect exactly once. With READ_MODELS=postgres the
 * projector's batches fail as well while the server is away, and are retried until it is back.
 */
let server: PrivatePostgres | string = 'not started';
const run = (name: string, fn: () => Promise<void>, timeout?: number) =>
  it(name, async () => (typeof server === 'string' ? console.warn(server) : fn()), timeout);

const WRITERS = ['tx-pg-a-pd', 'tx-pg-b-pd', 'tx-pg-c-pd'];
const pledge = (name: string) => ({
  name,
  region: 'TX',
  signatory: { name: 'Chief', title: 'Chief of Police' },
  contact: { name: 'Desk', email: 'desk@pd.example' },
});
const officers = (tag: string) => ({
  officers: Array.from({ length: 5 }, (_, j) => ({ officerRef: `${tag}-${j}`, joinedOn: '2020-01-01' })),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Answer = Awaited<ReturnType<TestApp['request']>>;
interface Write {
  agencyId: string;
  key: string;
  res: Answer;
}

// Twice: with the read models in SQLite files, and in the same PostgreSQL (READ_MODELS=postgres,
// ADR 0010), whose projector batches then fail while the server is down and are retried.
describe.each(['sqlite', 'postgres'])(
  'PostgreSQL restarted during writes (G11, e2e on a private server), READ_MODELS=%s',
  (readModels) => {
    let t: TestApp;
    let projector: RunningProjector;
    let staff: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      server = await PrivatePostgres.start('postgres-restart e2e');
      if (typeof server === 'string') return console.warn(server);
      env = {
        EVENT_STORE: 'postgres',
        READ_MODELS: readModels,
        DATABASE_URL: server.url,
        ONEMIND_PROJECTOR_LEASE: 'off',
        ONEMIND_PROJECTOR_STALL_MS: '60000',
      };
      t = await new TestApp(env).start();
      projector = await startProjector(
        loadConfig({
          ...process.env,
          NODE_ENV: 'test',
          ONEMIND_DATA_DIR: t.dataDir,
          PROJECTOR_PORT: '0',
          ...env,
        }),
      );
      staff = await t.token('staff', 'ops');
      for (const id of WRITERS) {
        const res = await t.request('POST', `/v1/agencies/${id}/pledge`, {
          token: staff,
          body: pledge(id),
          headers: { 'idempotency-key': `pledge-${id}` },
        });
        expect(res.status).toBe(201);
      }
    });
    afterAll(async () => {
      await projector?.stop();
      await t?.stop();
      if (typeof server !== 'string') server.destroy();
    });

    const ready = () => t.request('GET', '/health/ready');
    const until = async (what: string, ok: () => Promise<boolean>, tries = 400) => {
      for (let i = 0; i < tries; i++) {
        if (await ok()) return;
        await sleep(50);
      }
      throw new Error(`never happened: ${what}; readiness ${JSON.stringify((await ready()).json)}`);
    };
    const post = (agencyId: string, key: string): Promise<Write> =>
      t
        .request('POST', `/v1/agencies/${agencyId}/officers`, {
          token: staff,
          body: officers(key),
          headers: { 'idempotency-key': key },
        })
        .then((res) => ({ agencyId, key, res }))
        // A dropped connection is recorded (and fails the test below), not thrown out of the writer loop.
        .catch((err: Error) => ({
          agencyId,
          key,
          res: { status: 0, headers: new Headers(), json: undefined, text: String(err.cause ?? err) },
        }));

    run(
      'writes get 503 store-unavailable while the server is down; nothing acknowledged is lost; all recovers by itself',
      async () => {
        const pg = server as PrivatePostgres;
        await until('ready before the restart', async () => (await ready()).status === 200);
        const writes: Write[] = [];
        let stop = false;
        const writer = async (agencyId: string) => {
          for (let n = 0; !stop; n++) {
            writes.push(await post(agencyId, `${agencyId}-w${n}`));
            await sleep(5);
          }
        };
        const writers = WRITERS.map(writer);
        const acked = () => writes.filter((w) => w.res.status < 300).length;
        await until('some writes acknowledged before the stop', async () => acked() >= 10);

        await pg.halt(); // writers keep posting through the shutdown
        const downAt = writes.length;
        await until('writes refused while the server is down', async () =>
          writes.slice(downAt).some((w) => w.res.status === 503),
        );
        const notReady = await ready();
        expect(notReady.status).toBe(503);
        expect(notReady.json.checks.eventStore.ok).toBe(false);
        // A query is refused alike (its X-Position needs the read models' checkpoints, wherever they are).
        if (readModels === 'postgres') {
          const query = await t.request('GET', '/v1/public/agencies');
          expect({ status: query.status, code: query.json?.code }).toEqual({
            status: 503,
            code: 'store-unavailable',
          });
          expect(query.headers.get('retry-after')).toMatch(/^\d+$/);
        }
        await sleep(500);

        await pg.resume();
        const upAt = writes.length;
        await until('readiness back after the server started', async () => (await ready()).status === 200);
        await until('writes acknowledged again after the restart', async () =>
          writes.slice(upAt).some((w) => w.res.status < 300),
        );
        stop = true;
        await Promise.all(writers);

        const refused = writes.filter((w) => w.res.status >= 300);
        expect(refused.length).toBeGreaterThan(0);
        for (const { res } of refused) {
          // Every refusal is the clear 503, never a bare 500 or a hung request.
          expect(res.status).toBe(503);
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
          expect(res.json).toMatchObject({ status: 503, code: 'store-unavailable' });
        }
        const acknowledged = writes.filter((w) => w.res.status < 300);
        console.log(
          `postgres restart: ${writes.length} writes, ${acknowledged.length} acknowledged, ${refused.length} refused with 503`,
        );

        // Every acknowledged write is in the log, at the revision and position it was answered with.
        const log = new PostgresEventStore({ connectionString: pg.url });
        try {
          for (const { agencyId, res } of acknowledged) {
            const revision = BigInt(res.json.revision);
            const [event] = await log.readStream(`agency-${agencyId}`, {
              fromRevision: revision,
              toRevision: revision,
            });
            expect(event?.position).toBe(BigInt(res.json.position));
            expect(event?.type).toBe('OfficerJoined');
          }
          // Retried with its key, each refused write takes effect once: run now, or answered as the
          // first time if its COMMIT had landed before the connection dropped.
          for (const w of refused) {
            const again = await post(w.agencyId, w.key);
            expect(again.res.status).toBe(200);
            const twice = await post(w.agencyId, w.key);
            expect(twice.res.json.position).toBe(again.res.json.position);
          }
          const joined = new Set<string>();
          for (const agencyId of WRITERS)
            for (const e of await log.readStream(`agency-${agencyId}`))
              if (e.type === 'OfficerJoined') {
                const ref = (e.data as { officerRef: string }).officerRef;
                expect(joined.has(ref)).toBe(false); // no write took effect twice
                joined.add(ref);
              }
          expect(joined.size).toBe(writes.length * 5);

          // The projector's subscription paused through the restart and caught up by itself.
          const head = await log.headPosition();
          await until('the projector catches up', async () => {
            const body = (await ready()).json;
            return (
              projector.health().ok &&
              body.checks.projector.detail === `read models at ${head}, log head ${head}`
            );
          });
        } finally {
          await log.close();
        }
      },
      120_000,
    );
  },
);
