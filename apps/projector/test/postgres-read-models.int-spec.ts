import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '#event-store/postgres';
import { postgresAnswers, ScratchDatabase } from '#event-store/testing';
import { agencyStream, type AgencyEvent } from '#events';
import { loadConfig } from '#config';
import { Fence, FencedOutError, startReadModels } from '#projector';
import {
  PgProjectionRunner,
  PgReadModels,
  certificatesPgReader,
  certificatesProjection,
  migrateReadModels,
  pgCheckpoints,
  verificationCodeHash,
  type Projection,
} from '#read-models';
import { AGENCY_ID, approved as fixtureApproved, evidence, readyAgency, submitted } from '#domain/testing';
import { PROGRAM_CATALOGUE_STREAM, type ProgramEvent } from '#events';
import {
  AgenciesReader,
  PROJECTIONS,
  ProjectionRunner,
  rebuildPgReadModels,
  agenciesPgReader,
  AGENCY_LIST_SORTS,
  EvidenceReader,
  evidenceByRequirement,
  loadAgency,
  loadCatalogue,
  readSnapshot,
  listCatalogue,
  listCataloguePg,
  type PublicListFilter,
} from '#read-models';
import { seedLog, toNew } from './support/seed-log.js';
import { readModelTables } from './support/pg-compare.js';

/**
 * Read models and checkpoints on PostgreSQL (issue 19 item 3), against the real server: a
 * generation schema derived from the SQLite schema, the certificates read model applied in one
 * transaction with its checkpoint, and the projector's fence checked inside that transaction.
 * Skipped, loudly, without a server outside CI; a failure in CI.
 */
const waitFor = async (check: () => Promise<boolean>, what: string, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/**
 * The certificates read model with its PostgreSQL writer held at its first write until `release`
 * (`inBatch` resolves when a batch reaches it): a batch in flight that a test can act on.
 */
function heldCertificates() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inBatch = new Promise<void>((r) => (entered = r));
  const held: Projection = {
    ...(certificatesProjection as Projection),
    pgWriter: (tx) => {
      const writer = certificatesProjection.pgWriter!(tx);
      return {
        apply: async (op, at) => {
          entered();
          await gate;
          await writer.apply(op as never, at);
        },
      };
    },
  };
  return { held, inBatch, release };
}

const available = await postgresAnswers('read models on PostgreSQL');
const run = available ? describe : describe.skip;

const pledged = (agencyId: string): AgencyEvent =>
  ({
    type: 'PledgeTaken',
    data: {
      agencyId,
      cycle: 1,
      name: `Agency ${agencyId}`,
      country: 'US',
      signatory: { name: 'Chief', title: 'Chief' },
      contact: { name: 'Lt', email: 'lt@example.org' },
      commitmentMonths: 36,
      pledgedOn: '2025-01-15',
      deadline: '2028-01-15',
      ruleSet: 'one-mind-2023',
    },
  }) as AgencyEvent;
const approved = (number: string, code: string): AgencyEvent => ({
  type: 'CertificationApproved',
  data: {
    cycle: 1,
    certificateNumber: number,
    verificationCode: code,
    effectiveOn: '2025-09-10',
    approvedAt: '2025-09-10T10:00:00.000Z',
  },
});
const revoked = (number: string): AgencyEvent => ({
  type: 'CertificationRevoked',
  data: { cycle: 1, certificateNumber: number, revokedOn: '2026-01-02', reason: 'r' },
});

run('read models on PostgreSQL (a server answers)', () => {
  let db: ScratchDatabase;
  let store: PostgresEventStore;
  let rm: PgReadModels;
  beforeAll(async () => {
    db = await ScratchDatabase.create('rm');
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(async () => {
    const id = randomUUID().slice(0, 8);
    store = new PostgresEventStore({ connectionString: db.url, schema: `log_${id}` });
    rm = await PgReadModels.open({ connectionString: db.url, control: `rm_${id}` });
  });
  afterEach(async () => {
    await rm.close();
    await store.close();
  });

  const append = (agencyId: string, events: AgencyEvent[], expected: bigint | 'no-stream') =>
    store.append(
      agencyStream(agencyId),
      events.map((e) => toNew(e)),
      expected,
    );
  const live = async () => rm.pool(await rm.current());
  const runner = async (fence?: Fence, projections: Projection[] = [certificatesProjection as Projection]) =>
    PgProjectionRunner.create(store, await live(), projections, 100, fence?.pg(rm.fenceTable));

  it('the first generation has every table and column the SQLite migrations leave, with "C" collation', async () => {
    const sqlite = new Database(':memory:');
    migrateReadModels(sqlite);
    const tables = sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'",
      )
      .pluck()
      .all() as string[];
    const expected = tables
      .flatMap((t) =>
        (sqlite.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => `${t}.${c.name}`),
      )
      .sort();
    sqlite.close();
    const schema = await rm.current();
    expect(schema).toBe(`${rm.control}_g1`);
    const { rows } = await db.query(
      `SELECT table_name || '.' || column_name AS col, collation_name FROM information_schema.columns WHERE table_schema = $1`,
      [schema],
    );
    expect(rows.map((r) => r.col as string).sort()).toEqual(expected);
    expect(rows.find((r) => r.col === 'certificates.number')?.collation_name).toBe('C');
    // Opening again (another process starting) creates nothing more.
    const again = await PgReadModels.open({ connectionString: db.url, control: rm.control });
    expect(await again.generations()).toEqual([schema]);
    await again.close();
  });

  it('the public registry is projected with its checkpoint and read back as on SQLite', async () => {
    await append(
      'agency-aaa',
      [pledged('agency-aaa'), approved('OM-1', 'CODE-1'), revoked('OM-1')],
      'no-stream',
    );
    const r = await runner();
    expect(await r.catchUp()).toBe(3n);
    const pool = await live();
    expect(await certificatesPgReader.get(pool, 'OM-1')).toEqual({
      number: 'OM-1',
      agency_id: 'agency-aaa',
      code_sha256: verificationCodeHash('CODE-1'),
      effective_on: '2025-09-10',
      sha256: null,
      revoked: 1,
      expired_on: null,
      agency_name: null, // the agencies read model is not on PostgreSQL yet
      campaign_id: 'one-mind',
    });
    expect(await pgCheckpoints.position(pool, 'certificates')).toBe(3n);
    // Applied a second time (a restart from an older checkpoint): nothing changes.
    await pool.query("UPDATE checkpoints SET position = 0 WHERE projection = 'certificates'");
    await (await runner()).catchUp();
    expect((await certificatesPgReader.get(pool, 'OM-1'))?.revoked).toBe(1);
  });

  it('a NUL in an old event (SQLite text holds it, PostgreSQL text cannot) is stored as U+FFFD; the projection goes on', async () => {
    const old = pledged('agency-nul');
    (old.data as { name: string }).name = 'Old\u0000 PD';
    await append('agency-nul', [old], 'no-stream');
    const r = await PgProjectionRunner.create(store, await live(), PROJECTIONS, 100);
    expect(await r.catchUp()).toBe(1n);
    const rows = await agenciesPgReader.publicList(await live(), {});
    expect(rows.map((a) => a.name)).toEqual(['Old\ufffd PD']);
  });

  it('a deposed projector cannot commit: its batch rolls back with its checkpoint', async () => {
    const fencedOut: FencedOutError[] = [];
    const old = new Fence(1n, 'old', (err) => fencedOut.push(err));
    const next = new Fence(2n, 'next');
    await old.pg(rm.fenceTable).claim(await live());
    await append('agency-aaa', [pledged('agency-aaa'), approved('OM-1', 'CODE-1')], 'no-stream');
    const deposed = await runner(old);
    expect(await deposed.catchUp()).toBe(2n);

    // A newer holder claims the read models while the old one is paused; then the old one wakes up.
    await next.pg(rm.fenceTable).claim(await live());
    await append('agency-aaa', [revoked('OM-1')], 1n);
    await expect(deposed.catchUp()).rejects.toBeInstanceOf(FencedOutError);
    expect(fencedOut).toHaveLength(1);

    const pool = await live();
    expect((await certificatesPgReader.get(pool, 'OM-1'))?.revoked).toBe(0);
    expect(await pgCheckpoints.position(pool, 'certificates')).toBe(2n);
    expect(await rm.storedFence()).toBe(2n);
    // The new holder applies the batch the deposed one could not.
    expect(await (await runner(next)).catchUp()).toBe(3n);
    expect((await certificatesPgReader.get(pool, 'OM-1'))?.revoked).toBe(1);
  });

  it('the fence is checked inside the batch transaction: a newer claim waits for a batch in flight to end', async () => {
    const { held, inBatch, release } = heldCertificates();
    const old = new Fence(1n, 'old');
    await old.pg(rm.fenceTable).claim(await live());
    await append('agency-aaa', [pledged('agency-aaa'), approved('OM-1', 'CODE-1')], 'no-stream');
    const r = await runner(old, [held]);
    const batch = r.catchUp();
    await inBatch;
    let claimed = false;
    const claim = new Fence(2n, 'next')
      .pg(rm.fenceTable)
      .claim(await live())
      .then(() => (claimed = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(claimed).toBe(false); // blocked on the fence row the batch holds
    release();
    expect(await batch).toBe(2n);
    await claim;
    expect(await rm.storedFence()).toBe(2n);
    expect(await pgCheckpoints.position(await live(), 'certificates')).toBe(2n);
  });

  it('every read model holds on PostgreSQL exactly the rows it holds on SQLite for the same log', async () => {
    await seedLog(store, 7, 25, 6);
    const reviewed = (requirement: string, decision: string): AgencyEvent =>
      ({
        type: 'RequirementReviewed',
        data: {
          cycle: 1,
          round: 1,
          requirement,
          decision,
          decidedBy: 'alice@iacp',
          decidedAt: '2025-09-03T10:00:00.000Z',
        },
      }) as AgencyEvent;
    await append(
      AGENCY_ID,
      [
        ...readyAgency(3, 2),
        evidence(),
        submitted(),
        reviewed('policy', 'accepted'),
        reviewed('roster', 'accepted'),
        fixtureApproved(),
      ],
      'no-stream',
    );
    const program: ProgramEvent = {
      type: 'TrainingProgramProposed',
      data: {
        programId: 'ipr',
        name: 'IPR',
        provider: 'P',
        class: 'crisis',
        hours: 8.5,
        proposedBy: 'staff-1',
        proposedAt: '2025-04-01T00:00:00.000Z',
      },
    };
    await store
      .append(PROGRAM_CATALOGUE_STREAM, [toNew(program)], 'any' as never)
      .catch(async () => store.append(PROGRAM_CATALOGUE_STREAM, [toNew(program)], 'no-stream'));

    const sqlite = new Database(':memory:');
    migrateReadModels(sqlite);
    const head = await new ProjectionRunner(store, sqlite, PROJECTIONS, 100).catchUp();
    const pg = await PgProjectionRunner.create(store, await live(), PROJECTIONS, 100);
    expect(await pg.catchUp()).toBe(head);
    expect(pg.states().every((s) => s.state === 'running')).toBe(true);

    const pool = await live();
    for (const { pg: fromPg, sqlite: fromSqlite } of await readModelTables(pool, sqlite)) {
      const table = fromPg.table;
      expect(fromPg).toEqual(fromSqlite);
      if (
        [
          'agencies',
          'officers',
          'trainings',
          'certificates',
          'review_decisions',
          'evidence',
          'programs',
        ].includes(table)
      )
        expect({ table, n: fromPg.rows.length }).not.toEqual({ table, n: 0 });
    }
    // The query side reads the same answers from either.
    const agencies = new AgenciesReader(sqlite);
    const filters: PublicListFilter[] = [
      {},
      { status: 'certified' },
      { status: 'pledged', region: 'TX' },
      { campaignId: 'one-mind' },
      { ruleSets: ['one-mind-2023'] },
      { ruleSets: [] },
    ];
    for (const filter of filters)
      expect({ filter, rows: await agenciesPgReader.publicList(pool, filter) }).toEqual({
        filter,
        rows: agencies.publicList(filter),
      });
    expect((await agenciesPgReader.publicList(pool, { status: 'certified' })).length).toBeGreaterThan(0);
    expect(await agenciesPgReader.stats(pool)).toEqual(agencies.stats());
    expect(await listCataloguePg(pool)).toEqual(listCatalogue(sqlite));
    expect(await listCataloguePg(pool, 'proposed')).toEqual(listCatalogue(sqlite, 'proposed'));

    // Every other reader, run unchanged on PostgreSQL in one snapshot (readSnapshot).
    const both = async <T>(what: string, work: (db: Database.Database) => T) =>
      expect({ what, answer: await readSnapshot(pool, work) }).toEqual({ what, answer: work(sqlite) });
    const ids = (
      sqlite.prepare('SELECT agency_id FROM agencies ORDER BY agency_id').pluck().all() as string[]
    ).concat('no-such-agency');
    for (const id of ids) {
      await both(`loadAgency ${id}`, (db) => loadAgency(db, id));
      await both(`campaigns ${id}`, (db) => new AgenciesReader(db).campaigns(id));
      await both(`evidence ${id}`, (db) => [
        new EvidenceReader(db).list(id),
        new EvidenceReader(db).countsByRequirement(id),
        evidenceByRequirement(db, id),
      ]);
    }
    expect((await readSnapshot(pool, (db) => loadAgency(db, AGENCY_ID)))?.state.officers.size).toBe(3);
    for (const sort of AGENCY_LIST_SORTS)
      for (const filter of [{}, { status: 'certified' }, { region: 'TX', q: 'AG-1' }, { q: '%_' }])
        await both(`list ${sort} ${JSON.stringify(filter)}`, (db) =>
          new AgenciesReader(db).list({ ...filter, sort, page: 2, pageSize: 7 }),
        );
    await both('review queue', (db) => new AgenciesReader(db).reviewQueue());
    await both('catalogue', (db) => [...loadCatalogue(db)]);
    sqlite.close();
  });

  it('a rebuild builds a new generation from the log and switches to it; the projector follows', async () => {
    await seedLog(store, 7, 25, 3);
    const projecting = await startReadModels({
      config: loadConfig({}),
      store,
      readModelBase: '/nonexistent/read-models.sqlite',
      batchSize: 100,
      pgReadModels: rm,
    });
    try {
      const head = await store.headPosition();
      const g1 = await rm.current();
      await waitFor(
        async () => (await pgCheckpoints.readModelsPosition(rm.pool(g1))) === head,
        'the projector',
      );
      // Rows lost from the live generation come back only through a rebuild from the log.
      await rm.pool(g1).query('DELETE FROM officers');
      const g2 = await rebuildPgReadModels(store, rm);
      expect(g2).toBe(`${rm.control}_g2`);
      expect(await rm.current()).toBe(g2);
      const officers = async (schema: string) =>
        Number((await rm.pool(schema).query('SELECT count(*) AS n FROM officers')).rows[0].n);
      expect(await officers(g2)).toBeGreaterThan(0);
      expect(await officers(g1)).toBe(0);

      // The projector moved to the new generation: a new event lands there.
      await append('agency-new', [pledged('agency-new')], 'no-stream');
      await waitFor(
        async () =>
          (await rm.pool(g2).query("SELECT 1 FROM agencies WHERE agency_id = 'agency-new'")).rowCount === 1,
        'the new agency in the new generation',
      );
      // (The old generation may get it too, until the projector sees the pointer within 250 ms; nobody reads it.)

      // One projection: its tables rebuilt, the others copied from the live generation as they are.
      await rm
        .pool(g2)
        .query("UPDATE agencies SET name = 'copied, not rebuilt' WHERE agency_id = 'agency-new'");
      const certificates = async (schema: string) =>
        Number((await rm.pool(schema).query('SELECT count(*) AS n FROM certificates')).rows[0].n);
      const issued = await certificates(g2);
      expect(issued).toBeGreaterThan(0);
      await rm.pool(g2).query('DELETE FROM certificates');
      const g3 = await rebuildPgReadModels(store, rm, { projection: 'certificates' });
      expect(await rm.generations()).toEqual([g2, g3]); // g1 dropped: older than the live one
      const g3pool = rm.pool(g3);
      expect((await g3pool.query("SELECT name FROM agencies WHERE agency_id = 'agency-new'")).rows).toEqual([
        { name: 'copied, not rebuilt' },
      ]);
      expect(await certificates(g3)).toBe(issued);
      expect(await pgCheckpoints.readModelsPosition(g3pool)).toBe(await store.headPosition());
    } finally {
      await projecting.stop();
    }
  });

  it('a rebuild stopped half-way goes on from its own checkpoints', async () => {
    await seedLog(store, 13, 4, 3);
    const work = await rm.createGeneration();
    const partial = await PgProjectionRunner.create(store, rm.pool(work), PROJECTIONS, 100);
    await partial.apply(await store.readAllBodies(0n, 10));
    expect(await pgCheckpoints.position(rm.pool(work), 'agencies')).toBe(10n);
    const batches: number[] = [];
    expect(await rebuildPgReadModels(store, rm, { onProgress: (_p, n) => batches.push(n) })).toBe(work);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(Number(await store.headPosition()) - 10);
    expect(await rm.current()).toBe(work);
  });

  it('a batch cut off by a lost connection commits nothing and is retried, never recorded as a failure', async () => {
    const { held, inBatch, release } = heldCertificates();
    await append('agency-aaa', [pledged('agency-aaa'), approved('OM-1', 'CODE-1')], 'no-stream');
    const r = (await runner(undefined, [held])).start();
    try {
      await inBatch;
      // The server ends the session holding the batch's transaction (as a restart or a cut does).
      const { rows } = await db.query(
        `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
         WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()`,
      );
      expect(rows.map((row) => row.ended)).toEqual([true]);
      release();
      await waitFor(
        async () => (await pgCheckpoints.position(await live(), 'certificates')) === 2n,
        'the retry',
      );
      expect(r.states()).toEqual([expect.objectContaining({ projection: 'certificates', state: 'running' })]);
      expect((await certificatesPgReader.get(await live(), 'OM-1'))?.code_sha256).toBe(
        verificationCodeHash('CODE-1'),
      );
      expect(
        (await pgCheckpoints.progress(await live())).find((p) => p.projection === 'certificates')?.state,
      ).toBe('running');
    } finally {
      await r.stop();
    }
  });

  it('a certificate number of another agency stops the certificates projection before it, loudly', async () => {
    await append('agency-aaa', [pledged('agency-aaa'), approved('OM-1', 'GENUINE')], 'no-stream');
    const impostor = await append(
      'agency-bbb',
      [pledged('agency-bbb'), approved('OM-1', 'IMPOSTOR')],
      'no-stream',
    );
    // Events after it in the same batch: the refused row is found inside a block of the batch's
    // writes (PgWriteQueue), whose error names no row; the share is replayed row by row to find it.
    await append('agency-ccc', [pledged('agency-ccc')], 'no-stream');
    const r = await runner();
    await r.catchUp();
    expect(r.states()).toEqual([
      expect.objectContaining({ projection: 'certificates', state: 'failed', position: impostor.position }),
    ]);
    const pool = await live();
    expect((await certificatesPgReader.get(pool, 'OM-1'))?.code_sha256).toBe(verificationCodeHash('GENUINE'));
    // Everything before the impostor's approval was kept; the checkpoint stands just before it.
    expect(await pgCheckpoints.position(pool, 'certificates')).toBe(impostor.position - 1n);
    const progress = await pgCheckpoints.progress(pool);
    expect(progress.find((p) => p.projection === 'certificates')).toMatchObject({
      state: 'failed',
      failedAt: impostor.position,
      error: expect.stringMatching(/another agency/),
    });
  });
});
