/**
 * What the log's append lock costs on PostgreSQL (docs/decisions/0004-postgres-global-order.md):
 * W writers (each its own PostgresEventStore, own connections, as separate processes would be) ×
 * L concurrent callers × A single-event appends to streams of their own, with the lock (the real
 * adapter) and without it (the test-only naive variant: sequence positions, unsafe for readers),
 * each with group commit and with one transaction per append.
 *
 * usage: node dist/bench/pg-append-lock.js <postgres://…/database> [writers=4] [callers=8] [appends=250]
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '#event-store/postgres';
import {
  NaivePostgresEventStore,
  NAIVE_SEQUENCE,
} from '../libs/event-store/test/support/naive-postgres-event-store.js';
import { ev } from '#event-store/contract';

const [url, writersArg = '4', callersArg = '8', appendsArg = '250'] = process.argv.slice(2);
const [writers, callers, appends] = [writersArg, callersArg, appendsArg].map(Number);

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(sql);
  await c.end();
}

async function measure(variant: 'locked' | 'naive', maxBatch: number) {
  const schema = `bench_${variant}_${maxBatch}_${randomUUID().slice(0, 6)}`;
  await admin(`CREATE SCHEMA ${schema}; CREATE SEQUENCE ${schema}.${NAIVE_SEQUENCE}`);
  const Store = variant === 'locked' ? PostgresEventStore : NaivePostgresEventStore;
  const stores = Array.from(
    { length: writers },
    () => new Store({ connectionString: url, schema, maxBatch }),
  );
  await Promise.all(stores.map((s) => s.headPosition()));
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    stores.flatMap((store, w) =>
      Array.from({ length: callers }, async (_, c) => {
        let expected: bigint | 'no-stream' = 'no-stream';
        for (let i = 0; i < appends; i++) {
          const t = performance.now();
          expected = (await store.append(`w${w}-c${c}`, [ev('Measured')], expected)).nextRevision;
          latencies.push(performance.now() - t);
        }
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(stores.map((s) => s.close()));
  await admin(`DROP SCHEMA ${schema} CASCADE`);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.floor(p * (latencies.length - 1))].toFixed(1);
  return {
    variant,
    maxBatch,
    appendsPerSecond: Math.round(latencies.length / seconds),
    p50ms: q(0.5),
    p99ms: q(0.99),
  };
}

console.log(`${writers} writers × ${callers} callers × ${appends} appends (1 event each)`);
for (const maxBatch of [256, 1])
  for (const variant of ['locked', 'naive'] as const)
    console.log(JSON.stringify(await measure(variant, maxBatch)));
