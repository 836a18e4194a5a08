import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { postgresAnswers, ScratchDatabase } from '#event-store/testing';
import type { EventStamp } from '../projection.js';
import { rosterPgWriter, type RosterOp } from '../roster/roster.sql.js';
import { PgReadModels } from './pg-read-models.js';
import { PgWriteQueue } from './write-queue.js';

/**
 * The PostgreSQL writers' statements held and sent as one PL/pgSQL block (PgWriteQueue), against the
 * real server: the same rows as the statements run one by one, in the same order, in one round trip;
 * any value a writer can send arrives unchanged. Skipped, loudly, without a server outside CI.
 */
const available = await postgresAnswers('the PostgreSQL write queue');
const run = available ? describe : describe.skip;

/** The tx's queries, counted: what reaches the server, and how often. */
const counting = (client: pg.PoolClient) => {
  const texts: string[] = [];
  return {
    texts,
    query: ((text: string | pg.QueryConfig, values?: unknown[]) => {
      texts.push(typeof text === 'string' ? text : text.text);
      return client.query(text as string, values);
    }) as PgWriteQueue['query'],
  };
};

const at = (position: number): EventStamp => ({ position: BigInt(position), revision: BigInt(position) });

/**
 * A training before its officer joined (ignored, as the domain's fold ignores it), the officer, the
 * training again (kept), a later re-join (updates the row), a separation: each depends on the ones
 * before it, so any reordering would show in the rows.
 */
const OPS: [RosterOp, EventStamp][] = [
  [
    {
      op: 'officer-trained',
      agencyId: 'a1',
      officerRef: 'o1',
      programId: 'cit',
      completedOn: '2026-01-01',
      expiresOn: null,
      hours: 40,
      certificateRef: null,
    },
    at(1),
  ],
  [{ op: 'officer-joined', agencyId: 'a1', officerRef: 'o1', sworn: 1, joinedOn: '2025-01-01' }, at(2)],
  [
    {
      op: 'officer-trained',
      agencyId: 'a1',
      officerRef: 'o1',
      programId: 'cit',
      completedOn: '2026-01-02',
      expiresOn: '2029-01-02',
      hours: 37.5,
      certificateRef: 'c-1',
    },
    at(3),
  ],
  [{ op: 'officer-joined', agencyId: 'a1', officerRef: 'o1', sworn: 0, joinedOn: '2025-06-01' }, at(4)],
  [{ op: 'officer-separated', agencyId: 'a1', officerRef: 'o1', separatedOn: '2026-02-01' }, at(5)],
  [{ op: 'officer-joined', agencyId: 'a1', officerRef: 'o2', sworn: 1, joinedOn: '2025-01-01' }, at(6)],
];

run('PgWriteQueue (a server answers)', () => {
  let db: ScratchDatabase;
  let rm: PgReadModels;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await ScratchDatabase.create('wq');
    rm = await PgReadModels.open({ connectionString: db.url, control: `wq_${randomUUID().slice(0, 8)}` });
    pool = rm.pool(await rm.current());
  });
  afterAll(async () => {
    await rm?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE officers, trainings');
  });

  const rows = async () => ({
    officers: (await pool.query('SELECT * FROM officers ORDER BY agency_id, officer_ref')).rows,
    trainings: (await pool.query('SELECT * FROM trainings ORDER BY position')).rows,
  });

  /** The ops through the roster's PostgreSQL writer, in one transaction, queued or one statement each. */
  const write = async (ops: [RosterOp, EventStamp][], queued: boolean) => {
    const client = await pool.connect();
    const tx = counting(client);
    try {
      await client.query('BEGIN');
      const queue = queued ? new PgWriteQueue(tx) : null;
      const writer = rosterPgWriter(queue ?? tx);
      for (const [op, stamp] of ops) await writer.apply(op, stamp);
      await queue?.flush();
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    return tx.texts;
  };

  it('writes the rows the statements write one by one, in order, in one round trip', async () => {
    const sent = await write(OPS, false);
    expect(sent).toHaveLength(OPS.length);
    const oneByOne = await rows();
    expect(oneByOne.trainings).toHaveLength(1); // the training before the officer joined was ignored
    expect(oneByOne.officers[0]).toMatchObject({ officer_ref: 'o1', sworn: 0, separated_on: '2026-02-01' });

    await pool.query('TRUNCATE officers, trainings');
    // Warm: the parameter types are asked once per statement per process, not per flush.
    await write(OPS, true);
    await pool.query('TRUNCATE officers, trainings');
    const queued = await write(OPS, true);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatch(/^DO \$rm\d+\$/);
    expect(await rows()).toEqual(oneByOne);
  });

  it('carries any text a writer sends unchanged: quotes, backslashes, dollar quotes, unicode, NULL', async () => {
    const awkward = ["O'Brien \\ 'quoted' \\\\", '$rm0$ DO $rm1$; END; --', 'naïve 警察 🚓', '', "E'\\x41'"];
    const ops: [RosterOp, EventStamp][] = awkward.map((ref, i) => [
      { op: 'officer-joined', agencyId: 'a"1', officerRef: ref, sworn: i % 2, joinedOn: '2025-01-01' },
      at(10 + i),
    ]);
    ops.push([
      {
        op: 'officer-trained',
        agencyId: 'a"1',
        officerRef: awkward[0],
        programId: awkward[1],
        completedOn: '2026-01-01',
        expiresOn: null,
        hours: 0.1 + 0.2,
        certificateRef: awkward[2],
      },
      { position: 9_007_199_254_740_993n, revision: 1n },
    ]);
    await write(ops, true);
    const { officers, trainings } = await rows();
    expect(officers.map((o) => o.officer_ref).sort()).toEqual([...awkward].sort());
    expect(trainings).toEqual([
      expect.objectContaining({
        position: 9_007_199_254_740_993n,
        officer_ref: awkward[0],
        program_id: awkward[1],
        certificate_ref: awkward[2],
        expires_on: null,
        hours: 0.1 + 0.2,
      }),
    ]);
  });

  it('a NUL byte (PostgreSQL text cannot hold one; an old event may) is written as U+FFFD, queued or not', async () => {
    const nul: [RosterOp, EventStamp][] = [
      [
        {
          op: 'officer-joined',
          agencyId: 'a1',
          officerRef: 'bad\u0000ref',
          sworn: 1,
          joinedOn: '2025-01-01',
        },
        at(1),
      ],
    ];
    for (const queued of [true, false]) {
      await pool.query('TRUNCATE officers, trainings');
      await write(nul, queued);
      expect((await rows()).officers.map((o) => o.officer_ref)).toEqual(['bad\ufffdref']);
    }
  });

  it('a read through the queue sees the writes held before it', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const queue = new PgWriteQueue(client);
      await rosterPgWriter(queue).apply(OPS[1][0], OPS[1][1]);
      const { rows: seen } = await queue.query('SELECT officer_ref FROM officers');
      expect(seen).toEqual([{ officer_ref: 'o1' }]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
