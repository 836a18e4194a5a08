import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { eventLogFile, readModelFile } from '#config';
import { SqliteEventStore } from '#event-store';
import { openReadModels } from '#read-models';
import { REDIS_URL, deletePrefix, testPrefix } from '../../command/test/support/timers-support.js';
import { ProjectionRunner } from '#read-models';
import { Fence, FencedOutError, RedisLease, storedFence } from '#projector';
import { startProjector } from '#projector';
import { PROJECTIONS } from '#read-models';
import { reactorFile } from '#projector';
import { startReadModels } from '#projector';
import { buildInto } from '#read-models';
import { checkConsistent, checkpoints, dumpReadModels } from './support/read-model-checks.js';
import { seedLog } from './support/seed-log.js';
import { seededRandom } from '#testing';
import { tempData } from './support/temp-dir.js';
import { main, ready, sleep, spawnProjector, waitFor, type Child } from './support/projector-process.js';

const SEED = Number(process.env.FAILOVER_SEED ?? Date.now() % 1_000_000);
/**
 * Two projector processes on one data folder and one Redis prefix: one holds the lease and
 * projects, the other is a ready standby. The active one is killed with -9 while events are being
 * appended; the standby must take over within 15 s and the read model must still end up equal,
 * row for row, to a clean rebuild (G4 across a failover).
 */
describe(`projector lease and failover (int, real SQLite + Redis, seed ${SEED})`, () => {
  const t = tempData('onemind-failover-');
  const prefix = testPrefix();
  const children: Child[] = [];
  let store: SqliteEventStore;
  let redis: Redis;

  beforeAll(() => {
    if (!existsSync(main))
      throw new Error('run `npm run build` first: this test spawns dist/apps/projector/src/main.js');
    store = new SqliteEventStore(eventLogFile(t.config));
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const c of children)
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await deletePrefix(prefix);
    redis.disconnect();
    await store.close();
    t.cleanup();
  });

  it('RedisLease: NX acquire, compare-and-renew, compare-and-release, expiry, fences that only grow', async () => {
    const lease = new RedisLease(redis, `${prefix}:unit-lease`, 400);
    const a = await lease.tryAcquire('a');
    expect(a).not.toBeNull();
    expect(await lease.tryAcquire('b')).toBeNull();
    expect(await lease.renew('a')).toBe(true);
    expect(await lease.renew('b')).toBe(false);
    expect(await lease.release('b')).toBe(false);
    expect(await lease.holder()).toBe('a');
    expect(await lease.release('a')).toBe(true);
    const b = await lease.tryAcquire('b');
    expect(b).toBe(a! + 1n);
    await sleep(600); // b never renews: the lease lapses by itself
    expect(await lease.renew('b')).toBe(false);
    // A lost counter (FLUSHALL) never hands out a token at or below what the read model has seen.
    await redis.del(lease.fenceKey);
    expect(await lease.tryAcquire('c', 41n)).toBe(42n);
  });

  it('a runner holding an older fence commits nothing; the newest fence wins', async () => {
    const u = tempData('onemind-fence-');
    const s = new SqliteEventStore(eventLogFile(u.config));
    try {
      await seedLog(s, SEED, 20, 4, 'fe');
      const file = readModelFile(u.config);
      const db = openReadModels(file);
      const lost: FencedOutError[] = [];
      new Fence(5n, 'new').claim(db);
      const stale = new ProjectionRunner(s, db, PROJECTIONS, 50, new Fence(4n, 'old', (e) => lost.push(e)));
      await expect(stale.catchUp()).rejects.toThrow(FencedOutError);
      expect(lost).toHaveLength(1);
      expect(db.prepare('SELECT COUNT(*) FROM checkpoints').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM agencies').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM officers').pluck().get()).toBe(0);

      // The holder of fence 5 projects; a later holder (6) takes over mid-way; 5 is then refused.
      const current = new ProjectionRunner(s, db, PROJECTIONS, 50, new Fence(5n, 'new'));
      const head = await s.headPosition();
      const newer = new ProjectionRunner(s, db, PROJECTIONS, 50, new Fence(6n, 'newer'));
      await newer.catchUp();
      await expect(current.catchUp()).rejects.toThrow(FencedOutError);
      expect(checkpoints(db).agencies).toBe(head);
      db.close();
      expect(storedFence(file)).toBe(6n);
      const clean = join(u.dir, 'clean.sqlite');
      await buildInto(s, clean);
      expect(dumpReadModels(file)).toEqual(dumpReadModels(clean));
    } finally {
      await s.close();
      u.cleanup();
    }
  });

  it('in-process: a second projector is a ready standby, and takes over when the first stops', async () => {
    const p = testPrefix();
    const u = tempData('onemind-handover-', { ONEMIND_QUEUE_PREFIX: p });
    const s = new SqliteEventStore(eventLogFile(u.config));
    try {
      await seedLog(s, SEED, 10, 3, 'ho');
      const first = await startProjector(u.config, { subscribers: [startReadModels] });
      const second = await startProjector(u.config, { subscribers: [startReadModels] });
      expect(first.health()).toMatchObject({ role: 'active', ok: true });
      expect(second.health()).toEqual({ ok: true, role: 'standby', subscribers: {} });
      const live = await fetch(`http://127.0.0.1:${second.port}/health/live`);
      expect(live.status).toBe(200);
      expect((await ready(second.port)).status).toBe(200);
      const fence = first.health().fence!;
      const t0 = Date.now();
      await first.stop(); // releases the lease: the standby takes it at its next poll
      await waitFor(() => second.health().role === 'active', 'the standby to take over', 5_000);
      console.log(`in-process handover after a clean stop: ${Date.now() - t0} ms`);
      expect(second.health().fence).toBeGreaterThan(fence);
      const head = await s.headPosition();
      await waitFor(
        () => second.health().ok && storedFence(readModelFile(u.config)) === BigInt(second.health().fence!),
        'the new fence in the file',
        5_000,
      );
      const rm = new Database(readModelFile(u.config), { readonly: true });
      await waitFor(() => Object.values(checkpoints(rm)).every((c) => c === head), 'catch-up', 10_000);
      rm.close();
      await second.stop();
      expect(await redis.exists(`${p}:projector-lease`)).toBe(0);
    } finally {
      await deletePrefix(p);
      await s.close();
      u.cleanup();
    }
  }, 30_000);

  it('kill -9 of the active projector while events are appended: the standby takes over within 15 s and the read model equals a clean rebuild', async () => {
    const rand = seededRandom(SEED);
    const seeded = await seedLog(store, SEED, 150, 8, 'fo');
    expect(seeded).toBeGreaterThanOrEqual(2_000);
    // Both run on this machine; without the local shortcut the standby sees the holder as it
    // would from another machine: only the lease's expiry tells it the holder is gone.
    const remote = { ONEMIND_PROJECTOR_LEASE_LOCAL_TAKEOVER: 'off' };
    const a = spawnProjector('A', t.dir, prefix, remote);
    const b = spawnProjector('B', t.dir, prefix, remote);
    children.push(a, b);
    await waitFor(() => a.port() && b.port(), 'both projectors listening', 20_000);
    const first = await waitFor(
      () => (a.active() ? a : b.active() ? b : null),
      'one active projector',
      15_000,
    );
    const standby = first === a ? b : a;
    expect(standby.active()).toBeUndefined();
    expect((await ready(standby.port()!)).body).toMatchObject({ status: 'ready', role: 'standby' });
    const activeHealth = await waitFor(
      async () => {
        const r = await ready(first.port()!);
        return r.status === 200 ? r : null;
      },
      'the active projector ready',
      20_000,
    );
    expect(activeHealth.body).toMatchObject({ role: 'active', fence: expect.any(Number) });
    const firstFence = activeHealth.body.fence as number;

    // Appends go on in the background during the whole failover.
    let appending = true;
    let round = 0;
    const appender = (async () => {
      while (appending) {
        round += 1;
        await seedLog(store, SEED + round, 3, 3, `live${round}`);
        await sleep(10);
      }
    })();

    // Kill it mid-projection: it has applied some of the log, but not all of it.
    const rm = new Database(readModelFile(t.config), { readonly: true });
    await waitFor(() => (checkpoints(rm).agencies ?? 0n) > 0n, 'the active projector to project', 20_000);
    await sleep(Math.floor(rand() * 300));
    const atKill = checkpoints(rm).agencies ?? 0n;
    const headAtKill = await store.headPosition();
    const killedAt = Date.now();
    first.proc.kill('SIGKILL');
    await first.exited;
    const takeover = await waitFor(() => standby.active(), 'the standby to take the lease', 20_000);
    const takeoverMs = takeover.seenAt - killedAt;
    console.log(
      `failover: ${first.name} killed at checkpoint ${atKill} of ${headAtKill}; ${standby.name} active after ${takeoverMs} ms (fence ${takeover.fence}, seed ${SEED})`,
    );
    expect(takeoverMs).toBeLessThan(15_000);
    expect(takeover.fence).toBeGreaterThan(firstFence);
    const after = await waitFor(
      async () => {
        const r = await ready(standby.port()!);
        return r.status === 200 && r.body.role === 'active' ? r : null;
      },
      'the new active projector ready',
      20_000,
    );
    expect(after.body.fence).toBe(takeover.fence);

    await sleep(1_000);
    appending = false;
    await appender;
    const head = await store.headPosition();
    expect(head).toBeGreaterThan(headAtKill);
    await waitFor(
      () => Object.values(checkpoints(rm)).filter((p) => p === head).length === PROJECTIONS.length,
      `every checkpoint at the head ${head}`,
      30_000,
    );
    rm.close();
    expect(checkConsistent(readModelFile(t.config), eventLogFile(t.config)).agencies).toBe(head);
    expect(storedFence(readModelFile(t.config))).toBe(BigInt(takeover.fence));
    // The reactor followed the same instance to the head too (its own checkpoint file).
    await waitFor(
      () => {
        const r = new Database(reactorFile(t.dir), { readonly: true });
        try {
          return (
            (r.prepare("SELECT position FROM reactor_checkpoints WHERE name = 'schedule'").pluck().get() as
              string | undefined) === head.toString()
          );
        } finally {
          r.close();
        }
      },
      'the reactor checkpoint at the head',
      20_000,
    );

    // A clean stop releases the lease at once.
    standby.proc.kill('SIGTERM');
    await standby.exited;
    expect(await redis.exists(`${prefix}:projector-lease`)).toBe(0);

    const clean = join(t.dir, 'clean.sqlite');
    await buildInto(store, clean);
    expect(dumpReadModels(readModelFile(t.config))).toEqual(dumpReadModels(clean));
    console.log(
      `failover: ${head} events (${seeded} seeded, ${round} rounds appended during the failover); read model equals a clean rebuild`,
    );
  }, 90_000);

  it("a projector restarted on the same machine after kill -9 takes the dead holder's lease at once", async () => {
    const u = tempData('onemind-restart-');
    const p = testPrefix();
    const s = new SqliteEventStore(eventLogFile(u.config));
    const started: Child[] = [];
    try {
      await seedLog(s, SEED + 5, 10, 3, 'rs');
      const first = spawnProjector('E', u.dir, p);
      started.push(first);
      children.push(first);
      const before = await waitFor(() => first.active(), 'E active', 20_000);
      first.proc.kill('SIGKILL');
      await first.exited;
      const killedAt = Date.now();
      const second = spawnProjector('F', u.dir, p);
      started.push(second);
      children.push(second);
      const after = await waitFor(() => second.active(), 'F active', 20_000).catch((err) => {
        console.log(
          `restart: F did not become active; E logged ${JSON.stringify(first.logs)}; F logged ${JSON.stringify(second.logs)}`,
        );
        throw err;
      });
      console.log(
        `restart: F active ${after.seenAt - killedAt} ms after E was killed (process start included)`,
      );
      expect(second.logs.some((l) => l.msg === 'projector lease taken over from a dead local holder')).toBe(
        true,
      );
      expect(after.fence).toBeGreaterThan(before.fence);
      expect(after.seenAt - killedAt).toBeLessThan(5_000);
    } finally {
      for (const c of started)
        if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
      await Promise.all(started.map((c) => c.exited));
      await deletePrefix(p);
      await s.close();
      u.cleanup();
    }
  }, 30_000);

  it('an active projector paused (SIGSTOP) past its lease steps down when it wakes and commits nothing after the takeover', async () => {
    const u = tempData('onemind-pause-');
    const p = testPrefix();
    const s = new SqliteEventStore(eventLogFile(u.config));
    await seedLog(s, SEED + 7, 40, 4, 'pa');
    const pair = [spawnProjector('C', u.dir, p), spawnProjector('D', u.dir, p)];
    children.push(...pair);
    try {
      const first = await waitFor(() => pair.find((c) => c.active()), 'one active projector', 20_000);
      const other = pair.find((c) => c !== first)!;
      await waitFor(
        async () => first.port() && (await ready(first.port()!)).status === 200,
        'the active projector ready',
        20_000,
      );
      const rm = new Database(readModelFile(u.config), { readonly: true });
      await waitFor(() => (checkpoints(rm).agencies ?? 0n) > 0n, 'projection', 20_000);
      const pausedAt = Date.now();
      first.proc.kill('SIGSTOP');
      await seedLog(s, SEED + 8, 20, 4, 'pb');
      const takeover = await waitFor(() => other.active(), 'the standby to take the lease', 20_000);
      console.log(
        `pause: ${other.name} active ${takeover.seenAt - pausedAt} ms after ${first.name} was stopped`,
      );
      expect(takeover.seenAt - pausedAt).toBeLessThan(15_000);
      await seedLog(s, SEED + 9, 20, 4, 'pc');
      first.proc.kill('SIGCONT');
      const stepped = await waitFor(
        () => first.logs.find((l) => l.msg === 'projector lease' && l.role === 'standby' && l.reason),
        'the woken instance to step down',
        10_000,
      );
      const fenced = first.logs.some((l) => l.msg === 'projector fenced out');
      console.log(
        `pause: ${first.name} woke up and stepped down: ${stepped.reason}${fenced ? ' (a batch was refused by the fence)' : ''}`,
      );
      const head = await s.headPosition();
      await waitFor(
        () => Object.values(checkpoints(rm)).filter((c) => c === head).length === PROJECTIONS.length,
        `every checkpoint at the head ${head}`,
        30_000,
      );
      rm.close();
      expect(storedFence(readModelFile(u.config))).toBe(BigInt(takeover.fence));
      expect((await ready(first.port()!)).body).toMatchObject({ role: 'standby' });
      for (const c of pair) c.proc.kill('SIGTERM');
      await Promise.all(pair.map((c) => c.exited));
      const clean = join(u.dir, 'clean.sqlite');
      await buildInto(s, clean);
      expect(dumpReadModels(readModelFile(u.config))).toEqual(dumpReadModels(clean));
    } finally {
      for (const c of pair)
        if (c.proc.exitCode === null && c.proc.signalCode === null) {
          c.proc.kill('SIGCONT');
          c.proc.kill('SIGKILL');
        }
      await Promise.all(pair.map((c) => c.exited));
      await deletePrefix(p);
      await s.close();
      u.cleanup();
    }
  }, 60_000);
});
