/**
 * G1 child process: appends 3-event batches as fast as it can, on a few streams concurrently (so
 * group commit batches them), and prints `ack <streamId> <lastRevision> <batchId>` for each append
 * only AFTER its promise resolved. The parent kills it with SIGKILL at a random moment and checks
 * that every acknowledged batch survived whole and that no batch is partial.
 *
 * usage: node crash-writer.js <file> <streams>
 *        node crash-writer.js <postgres://url> <schema> <streams>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/sqlite/sqlite-event-store.js';
import { PostgresEventStore } from '../../src/postgres/postgres-event-store.js';
import type { EventStore } from '../../src/event-store.js';
import type { NewEvent } from '#events';

const BATCH_SIZE = 3;
const args = process.argv.slice(2);
const onPostgres = /^postgres(ql)?:\/\//.test(args[0]);
const streamsArg = onPostgres ? args[2] : args[1];
const store: EventStore = onPostgres
  ? new PostgresEventStore({ connectionString: args[0], schema: args[1] })
  : new SqliteEventStore(args[0]);

function batch(batchId: string): NewEvent[] {
  const commandId = randomUUID();
  return Array.from({ length: BATCH_SIZE }, (_, index) => ({
    id: randomUUID(),
    type: 'CrashTested',
    schemaVersion: 1,
    data: { batchId, index, size: BATCH_SIZE },
    metadata: {
      actor: { sub: 'crash-writer', role: 'system' as const },
      commandId,
      correlationId: commandId,
      causationId: commandId,
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  }));
}

async function writeForever(streamId: string): Promise<never> {
  const head = await store.streamHead(streamId);
  let expected = head ? head.revision : ('no-stream' as const);
  for (;;) {
    const batchId = randomUUID();
    const result = await store.append(streamId, batch(batchId), expected);
    process.stdout.write(`ack ${streamId} ${result.nextRevision} ${batchId}\n`);
    expected = result.nextRevision;
  }
}

process.stdout.write('ready\n');
const streams = Number(streamsArg);
Promise.all(Array.from({ length: streams }, (_, i) => writeForever(`g1-crash-${i}`))).catch((err) => {
  process.stderr.write(`writer failed: ${(err as Error).stack}\n`);
  process.exit(2);
});
