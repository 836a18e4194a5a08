import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, agencyIdClaim, eventHash } from '#events';
import { ev, eventStoreContract } from '../src/contract.spec-suite.js';
import { ClaimTakenError, UnsafeStoreSettingsError } from '../src/event-store.js';
import { openEventStore } from '../src/open-event-store.js';
import { PostgresEventStore } from '../src/postgres/postgres-event-store.js';
import { postgresAnswers, ScratchDatabase } from './support/postgres.js';

/**
 * The PostgreSQL adapter against the shared contract, on the real server (DATABASE_URL, else
 * 127.0.0.1:5432): a database of its own for this file, a schema of its own for each test.
 * Without a server it is skipped, loudly, outside CI; in CI it fails.
 */
const available = await postgresAnswers('PostgreSQL contract suite');
const run = available ? describe : describe.skip;

run('PostgreSQL (a server answers)', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await ScratchDatabase.create('contract');
  });
  afterAll(async () => {
    await db?.drop();
  });
  const freshStore = (options: { maxBatch?: number } = {}) => {
    const schema = `c_${randomUUID().slice(0, 8)}`;
    const store = new PostgresEventStore({ connectionString: db.url, schema, ...options });
    return {
      store,
      schema,
      cleanup: async () => {
        await store.close();
        await db.dropSchema(schema);
      },
    };
  };

  eventStoreContract('PostgresEventStore', async () => freshStore());
  // Group commit off: every append its own transaction; the contract holds just the same.
  eventStoreContract('PostgresEventStore (maxBatch 1)', async () => freshStore({ maxBatch: 1 }));

  describe('PostgresEventStore specifics', () => {
    let ctx: ReturnType<typeof freshStore>;
    beforeEach(() => {
      ctx = freshStore();
    });
    afterEach(async () => {
      await ctx.cleanup();
    });

    it('global positions are gap-free: a conflicting append burns no position', async () => {
      const { store } = ctx;
      await Promise.allSettled([
        store.append('a', [ev('A1'), ev('A2')], 'no-stream'),
        store.append('a', [ev('X')], 'no-stream'),
        store.append('b', [ev('B1')], 'no-stream'),
      ]);
      await store.append('a', [ev('A3')], 1n);
      expect((await store.readAll(0n, 100)).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n]);
    });

    it('a large append hashed before the lock is hashed again when the stream moved meanwhile', async () => {
      const { store } = ctx;
      // One batch: the 1,500-event append (hashed beforehand, on a stream that did not exist yet)
      // commits after the 1-event append that creates the stream, so its chain starts at revision 1.
      const [first, large] = await Promise.all([
        store.append('big', [ev('First')], 'no-stream'),
        store.append(
          'big',
          Array.from({ length: 1500 }, (_, i) => ev(`E${i}`)),
          0n,
        ),
      ]);
      expect(first.nextRevision).toBe(0n);
      expect(large.nextRevision).toBe(1500n);
      expect(large.position).toBe(1501n);
      const events = await store.readStream('big');
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 1501 }, (_, i) => BigInt(i)));
      events.forEach((e, i) => {
        expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1].hash);
        expect(e.hash).toBe(eventHash(e));
      });
      expect((await store.streamHead('big'))?.hash).toBe(events[1500].hash);
    });

    it('a duplicate event id fails only its own append in a group-commit batch', async () => {
      const { store } = ctx;
      const dup = ev('Dup');
      await store.append('s-0', [dup], 'no-stream');
      const settled = await Promise.allSettled([
        store.append('s-1', [ev('A')], 'no-stream'),
        store.append('s-2', [ev('B'), { ...dup }], 'no-stream'),
        store.append('s-3', [ev('C')], 'no-stream'),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/already in the log/);
      expect(await ctx.store.streamHead('s-2')).toBeNull();
      expect((await store.readAll(0n, 100)).map((e) => e.position)).toEqual([1n, 2n, 3n]);
    });

    it('an append the server refuses (a NUL byte in the stream id) fails alone; the batch is retried without it', async () => {
      const { store } = ctx;
      const settled = await Promise.allSettled([
        store.append('ok-1', [ev('A')], 'no-stream'),
        store.append('bad\u0000id', [ev('B')], 'no-stream'),
        store.append('ok-2', [ev('C')], 'no-stream'),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.readAll(0n, 100)).map((e) => e.type)).toEqual(['A', 'C']);
    });

    it('several stores opening one fresh schema at once all migrate it (advisory lock), once', async () => {
      const schema = `m_${randomUUID().slice(0, 8)}`;
      const stores = Array.from(
        { length: 4 },
        () => new PostgresEventStore({ connectionString: db.url, schema }),
      );
      try {
        const heads = await Promise.all(stores.map((s) => s.headPosition()));
        expect(heads).toEqual([0n, 0n, 0n, 0n]);
        const { rows } = await db.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
        expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await db.dropSchema(schema);
      }
    });

    it('its connections run with idle_in_transaction_session_timeout and synchronous_commit=on', async () => {
      const store = new PostgresEventStore({
        connectionString: db.url,
        schema: ctx.schema,
        idleInTransactionTimeoutMs: 4321,
      });
      try {
        await store.headPosition();
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'onemind'`,
        );
        expect(rows[0].n).toBeGreaterThan(0);
        const settings = (
          await (store as unknown as { pool: import('pg').Pool }).pool.query(
            `SELECT current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('synchronous_commit') AS sync, current_schema() AS schema`,
          )
        ).rows[0];
        expect(settings).toEqual({ idle: '4321ms', sync: 'on', schema: ctx.schema });
      } finally {
        await store.close();
      }
    });

    it('refuses to run when the setting it needs does not take (idle timeout 0 means none)', async () => {
      const store = new PostgresEventStore({
        connectionString: db.url,
        schema: ctx.schema,
        idleInTransactionTimeoutMs: 0,
      });
      await expect(store.headPosition()).rejects.toBeInstanceOf(UnsafeStoreSettingsError);
      await store.close();
    });

    it('EVENT_STORE=postgres opens this adapter on DATABASE_URL', async () => {
      const store = await openEventStore({
        eventStore: 'postgres',
        databaseUrl: db.url,
        dataDir: '/nonexistent',
      });
      try {
        expect(store).toBeInstanceOf(PostgresEventStore);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(0n);
      } finally {
        await store.close();
      }
      await expect(openEventStore({ eventStore: 'postgres', dataDir: '/nonexistent' })).rejects.toThrow(
        /DATABASE_URL/,
      );
    });
  });
  describe('PostgresEventStore claims: databases from before claims, and two stores on one schema', () => {
    let schema: string;
    beforeEach(() => {
      schema = `k_${randomUUID().slice(0, 8)}`;
    });
    afterEach(async () => {
      await db.dropSchema(schema);
    });
    const open = () => new PostgresEventStore({ connectionString: db.url, schema });

    /** A log as the previous schema version left it: agency streams, no claims table, version 1. */
    async function legacyLog(streams: string[]): Promise<void> {
      const store = open();
      for (const s of streams) await store.append(s, [ev('PledgeTaken')], 'no-stream');
      await store.close();
      await db.query(
        `DROP TABLE ${schema}.claims; DELETE FROM ${schema}.schema_migrations WHERE version > 1`,
      );
    }

    /** Opens the store (migrations and back-fill run on the first call) with stderr captured. */
    async function openCapturing(): Promise<{ store: PostgresEventStore; errors: string }> {
      const errors: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof write;
      const store = open();
      try {
        await store.headPosition();
      } finally {
        process.stderr.write = write;
      }
      return { store, errors: errors.join('') };
    }

    it('migrates a version-1 database and back-fills the claims of its agency streams; the first of two that collide keeps it, and the store still opens', async () => {
      await legacyLog(['agency-bbb', 'agency-Twin-pd', 'training-programs', 'agency-TWIN-PD']);
      const { store, errors } = await openCapturing();
      try {
        const { rows } = await db.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
        expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
        expect(store.claimCollisions).toEqual([
          { claim: agencyIdClaim('twin-pd'), heldBy: 'agency-Twin-pd', streamId: 'agency-TWIN-PD' },
        ]);
        const logged = errors
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l));
        expect(logged).toContainEqual(
          expect.objectContaining({
            level: 'error',
            schema,
            claim: agencyIdClaim('twin-pd'),
            keptBy: 'agency-Twin-pd',
            stream: 'agency-TWIN-PD',
            msg: expect.stringMatching(/differ only in letter case/),
          }),
        );
        const pledge = (id: string) =>
          store.append(`agency-${id}`, [ev('PledgeTaken')], 'no-stream', {
            claims: [agencyIdClaim(id)],
          });
        await expect(pledge('BBB')).rejects.toBeInstanceOf(ClaimTakenError);
        await expect(pledge('twin-PD')).rejects.toMatchObject({ heldBy: 'agency-Twin-pd' });
        // Both colliding streams keep working; nothing was rewritten.
        await store.append('agency-TWIN-PD', [ev('Later')], 0n);
        expect((await store.readStream('agency-TWIN-PD')).map((e) => e.type)).toEqual([
          'PledgeTaken',
          'Later',
        ]);
      } finally {
        await store.close();
      }
      // Opening again changes nothing and still reports the collision.
      const again = open();
      await again.headPosition();
      expect(again.claimCollisions).toHaveLength(1);
      await again.close();
      const { rows } = await db.query(`SELECT claim, stream_id FROM ${schema}.claims ORDER BY claim`);
      expect(rows).toEqual([
        { claim: agencyIdClaim('bbb'), stream_id: 'agency-bbb' },
        { claim: agencyIdClaim('twin-pd'), stream_id: 'agency-Twin-pd' },
      ]);
    });

    it('two stores on one schema (as two processes) racing for one claim: exactly one stream is created', async () => {
      const a = open();
      const b = open();
      try {
        for (let round = 0; round < 20; round++) {
          const ids = [
            `r${round}-agency-bbb`,
            `r${round}-AGENCY-BBB`,
            `r${round}-Agency-Bbb`,
            `r${round}-agency-BBB`,
          ];
          const settled = await Promise.allSettled(
            ids.map((id, i) =>
              (i % 2 ? b : a).append(`agency-${id}`, [ev('PledgeTaken')], 'no-stream', {
                claims: [agencyIdClaim(id)],
              }),
            ),
          );
          expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
          for (const s of settled)
            if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(ClaimTakenError);
        }
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('a taken claim fails only its own append in a group-commit batch and burns no position', async () => {
      const store = open();
      try {
        await store.append('agency-held', [ev('A')], 'no-stream', { claims: ['agency-id:held'] });
        const settled = await Promise.allSettled([
          store.append('s-1', [ev('B')], 'no-stream', { claims: ['agency-id:one'] }),
          store.append('agency-HELD', [ev('X')], 'no-stream', { claims: ['agency-id:held'] }),
          store.append('s-2', [ev('C')], 'no-stream'),
        ]);
        expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((await store.readAll(0n, 100)).map((e) => [e.position, e.type])).toEqual([
          [1n, 'A'],
          [2n, 'B'],
          [3n, 'C'],
        ]);
      } finally {
        await store.close();
      }
    });
  });
});

describe('PostgreSQL contract suite selection', () => {
  it(
    available
      ? 'runs against a real PostgreSQL'
      : 'is skipped on purpose: no PostgreSQL answers (and CI is not set)',
    () => {
      if (!available) expect(process.env.CI === 'true' || process.env.CI === '1').toBe(false);
      expect(typeof PostgresEventStore).toBe('function');
    },
  );
});
