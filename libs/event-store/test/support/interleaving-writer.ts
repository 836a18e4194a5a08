/**
 * G11 child process: one of several writers on one PostgreSQL log. Two loops append 1–2 events at
 * a time to streams of their own; a fraction of the write transactions is held open for a while
 * before COMMIT (pg_sleep inside the transaction), so short transactions that started later commit
 * around them. Prints `ready`, waits for `go` on stdin, then one JSON line: every acknowledged
 * event id with its position.
 *
 * usage: node interleaving-writer.js <url> <schema> <locked|naive> <writerId> <appends> <seed> <slowFraction> <slowMs>
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { NewEvent } from '#events';
import { seededRandom } from '#testing';
import { PostgresEventStore } from '../../src/postgres/postgres-event-store.js';
import { NaivePostgresEventStore } from './naive-postgres-event-store.js';

const [url, schema, variant, writerId, appendsArg, seedArg, fractionArg, slowMsArg] = process.argv.slice(2);
const random = seededRandom(Number(seedArg));
const slowFraction = Number(fractionArg);
const slowSeconds = Number(slowMsArg) / 1000;

type StoreClass = typeof PostgresEventStore;
function withSlowCommits(Base: StoreClass): StoreClass {
  return class extends Base {
    protected override async beforeCommit(client: pg.ClientBase): Promise<void> {
      if (random() < slowFraction) await client.query('SELECT pg_sleep($1)', [slowSeconds]);
    }
  };
}

const Store = withSlowCommits(variant === 'naive' ? NaivePostgresEventStore : PostgresEventStore);
const store = new Store({ connectionString: url, schema, idlePollMs: 5 });
const acked: [string, string][] = [];

function events(n: number): NewEvent[] {
  return Array.from({ length: n }, (_, index) => ({
    id: randomUUID(),
    type: 'Interleaved',
    schemaVersion: 1,
    data: { writerId, index },
    metadata: {
      actor: { sub: `writer-${writerId}`, role: 'system' as const },
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  }));
}

async function loop(streamId: string, appends: number): Promise<void> {
  let expected: bigint | 'no-stream' = 'no-stream';
  for (let i = 0; i < appends; i++) {
    const result = await store.append(streamId, events(1 + Math.floor(random() * 2)), expected);
    for (const e of result.events) acked.push([(e as { id: string }).id, e.position.toString()]);
    expected = result.nextRevision;
  }
}

await store.headPosition();
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  process.stdin.pause();
  const appends = Number(appendsArg);
  await Promise.all([
    loop(`w${writerId}-a`, Math.ceil(appends / 2)),
    loop(`w${writerId}-b`, Math.floor(appends / 2)),
  ]);
  await store.close();
  process.stdout.write(`${JSON.stringify({ writerId, acked })}\n`);
});
