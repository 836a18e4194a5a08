/**
 * G2 child process: one of several writers sharing ONE SQLite file. Each of its loops reads a
 * shared stream's head and appends with that exact expected revision, retrying on conflict, until
 * it has appended its share. Prints one JSON summary line. Waits for "go" on stdin so that all
 * writers start together and really contend.
 *
 * usage: node contended-writer.js <file> <writerId> <appends> <loops> <streams> <seed>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/sqlite/sqlite-event-store.js';
import { WrongExpectedRevisionError } from '../../src/event-store.js';
import { seededRandom } from '#testing';

const [file, writerId, appendsArg, loopsArg, streamsArg, seedArg] = process.argv.slice(2);
const appends = Number(appendsArg);
const loops = Number(loopsArg);
const streams = Number(streamsArg);
const random = seededRandom(Number(seedArg));

const summary = { writerId, attempts: 0, appended: 0, conflicts: 0, errors: [] as string[] };

async function loop(loopId: number, share: number): Promise<void> {
  let done = 0;
  while (done < share) {
    const streamId = `g2-shared-${Math.floor(random() * streams)}`;
    for (;;) {
      summary.attempts += 1;
      try {
        const head = await store.streamHead(streamId);
        await store.append(
          streamId,
          [
            {
              id: randomUUID(),
              type: 'Contended',
              schemaVersion: 1,
              data: { writerId, loopId, seq: done },
              metadata: {
                actor: { sub: `writer-${writerId}`, role: 'system' },
                commandId: randomUUID(),
                correlationId: randomUUID(),
                causationId: randomUUID(),
                recordedAt: new Date().toISOString(),
                schemaVersion: 1,
              },
            },
          ],
          head ? head.revision : 'no-stream',
        );
        summary.appended += 1;
        done += 1;
        break;
      } catch (err) {
        if (err instanceof WrongExpectedRevisionError) {
          summary.conflicts += 1;
          continue;
        }
        // Anything else (SQLITE_BUSY above all) would reach a client: report it and stop.
        summary.errors.push(`${(err as { code?: string }).code ?? ''} ${(err as Error).message}`);
        return;
      }
    }
  }
}

let store: SqliteEventStore;
try {
  store = new SqliteEventStore(file);
} catch (err) {
  summary.errors.push(`open: ${(err as { code?: string }).code ?? ''} ${(err as Error).message}`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(1);
}
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  process.stdin.pause();
  const base = Math.floor(appends / loops);
  await Promise.all(
    Array.from({ length: loops }, (_, i) => loop(i, i === 0 ? appends - base * (loops - 1) : base)),
  );
  await store.close();
  process.stdout.write(`${JSON.stringify(summary)}\n`);
});
