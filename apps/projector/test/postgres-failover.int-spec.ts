import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { loadConfig } from '#config';
import type { EventStore } from '#event-store';
import { openEventStore } from '#event-store/open';
import { postgresAnswers, ScratchDatabase } from '#event-store/testing';
import { migrateReadModels, PgReadModels, PROJECTIONS, ProjectionRunner } from '#read-models';
import { seededRandom } from '#testing';
import { REDIS_URL, deletePrefix, testPrefix } from '../../command/test/support/timers-support.js';
import { readModelTables } from './support/pg-compare.js';
import { main, ready, sleep, spawnProjector, waitFor, type Child } from './support/projector-process.js';
import { seedLog } from './support/seed-log.js';
import { tempData } from './support/temp-dir.js';

const SEED = Number(process.env.FAILOVER_SEED ?? Date.now() % 1_000_000);
const available = await postgresAnswers('projector fail-over on PostgreSQL read models');
const run = available ? describe : describe.skip;

/**
 * Issue 19 item 4, "projector fail-over as on SQLite", on PostgreSQL: two projector processes on
 * two data folders (two machines) share one database — the log and the read models with their
 * checkpoints and fence (READ_MODELS=postgres) — and one Redis lease. The active one is killed
 * with -9 while events are appended; the standby takes over within 15 s with a greater fence,
 * carries every read model to the head, and what it built equals, row for row, a clean build of
 * the same log.
 */
run(`projector fail-over on PostgreSQL (int, real PostgreSQL + Redis, seed ${SEED})`, () => {
  const a = tempData('onemind-pgfo-a-');
  const b = tempData('onemind-pgfo-b-');
  const prefix = testPrefix();
  const children: Child[] = [];
  let db: ScratchDatabase;
  let store: EventStore;
  let rm: PgReadModels;
  let redis: Redis;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(main))
      throw new Error('run `npm run build` first: this test spawns dist/apps/projector/src/main.js');
    db = await ScratchDatabase.create('pgfo');
    env = { EVENT_STORE: 'postgres', READ_MODELS: 'postgres', DATABASE_URL: db.url };
    store = await openEventStore(loadConfig({ ...process.env, ...env, ONEMIND_DATA_DIR: a.dir }));
    redis = new Redis(REDIS_URL);
  }, 30_000);
  afterAll(async () => {
    for (const c of children)
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await deletePrefix(prefix);
    redis?.disconnect();
    await rm?.close();
    await store?.close();
    await db?.drop();
    a.cleanup();
    b.cleanup();
  });

  /** The live generation's checkpoints, by projection. */
  const checkpoints = async (): Promise<Record<string, bigint>> => {
    rm ??= await PgReadModels.open({ connectionString: db.url });
    const pool = rm.pool(await rm.current());
    const rows = (await pool.query('SELECT projection, position FROM checkpoints')).rows as {
      projection: string;
      position: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.projection, BigInt(r.position)]));
  };

  it('kill -9 of the active projector while events are appended: the standby on another folder takes over and ends equal to a clean build', async () => {
    const rand = seededRandom(SEED);
    const seeded = await seedLog(store, SEED, 150, 8, 'pgfo');
    expect(seeded).toBeGreaterThanOrEqual(2_000);
    const remote = { ...env, ONEMIND_PROJECTOR_LEASE_LOCAL_TAKEOVER: 'off' };
    const first = spawnProjector('A', a.dir, prefix, remote);
    await waitFor(() => first.active(), 'A to take the lease', 20_000);
    const second = spawnProjector('B', b.dir, prefix, remote);
    children.push(first, second);
    await waitFor(() => second.port(), 'B listening', 20_000);
    expect(second.active()).toBeUndefined();
    expect((await ready(second.port()!)).body).toMatchObject({ status: 'ready', role: 'standby' });
    const firstFence = first.active().fence as number;

    let appending = true;
    let round = 0;
    const appender = (async () => {
      while (appending) {
        round += 1;
        await seedLog(store, SEED + round, 3, 3, `pglive${round}`);
        await sleep(10);
      }
    })();

    await waitFor(async () => ((await checkpoints()).agencies ?? 0n) > 0n, 'A to project', 30_000);
    await sleep(Math.floor(rand() * 300));
    const atKill = (await checkpoints()).agencies ?? 0n;
    const headAtKill = await store.headPosition();
    const killedAt = Date.now();
    first.proc.kill('SIGKILL');
    await first.exited;
    const takeover = await waitFor(() => second.active(), 'B to take the lease', 20_000);
    const takeoverMs = takeover.seenAt - killedAt;
    console.log(
      `pg fail-over: A killed at checkpoint ${atKill} of ${headAtKill}; B active after ${takeoverMs} ms (fence ${takeover.fence}, seed ${SEED})`,
    );
    expect(takeoverMs).toBeLessThan(15_000);
    expect(takeover.fence).toBeGreaterThan(firstFence);

    await sleep(1_000);
    appending = false;
    await appender;
    const head = await store.headPosition();
    expect(head).toBeGreaterThan(headAtKill);
    await waitFor(
      async () => Object.values(await checkpoints()).filter((p) => p === head).length === PROJECTIONS.length,
      `every checkpoint at the head ${head}`,
      60_000,
    );
    // The fence in the database is the new holder's: A's batches could no longer commit.
    expect(await rm.storedFence()).toBe(BigInt(takeover.fence));

    const clean = new Database(':memory:');
    migrateReadModels(clean);
    expect(await new ProjectionRunner(store, clean, PROJECTIONS, 500).catchUp()).toBe(head);
    const pool = rm.pool(await rm.current());
    for (const { pg, sqlite } of await readModelTables(pool, clean)) expect(pg).toEqual(sqlite);
    clean.close();
    console.log(
      `pg fail-over: ${head} events (${seeded} seeded, ${round} rounds during the fail-over); equal to a clean build`,
    );
  }, 120_000);
});
