import { eventLogFile, loadConfig } from '#config';
import { copyLog } from '#event-store';
import { PostgresEventStore } from '#event-store/postgres';
import { SqliteEventStore } from '#event-store';
import { stringFlag, UsageError, type ParsedArgs } from './args.js';
import { Progress } from './progress.js';

/**
 * `migrate-log --to postgres [--from events.sqlite]`: copies the SQLite log (the data folder's,
 * by default) into the PostgreSQL log at DATABASE_URL, every stream with the same events, hashes
 * and revisions, in the same global order. Both logs are gap-free, so positions come out equal,
 * which is what the last check holds. Killed half-way, a second run resumes where the target ends.
 * Stop the command app first: the copy pins expected revisions, but new appends would be missed.
 */
export async function migrateLogCommand(args: ParsedArgs): Promise<number> {
  if (stringFlag(args, 'to', true) !== 'postgres') throw new UsageError('--to postgres is the only target');
  const config = loadConfig();
  if (!config.databaseUrl) throw new UsageError('DATABASE_URL=postgres://… names the target');
  const from = new SqliteEventStore(stringFlag(args, 'from') ?? eventLogFile(config));
  const to = new PostgresEventStore({ connectionString: config.databaseUrl });
  try {
    const head = await from.headPosition();
    const progress = new Progress('migrate-log', Number(head));
    let reached = 0n;
    const result = await copyLog(from, to, (p) => {
      progress.tick(Number(p.position - reached));
      reached = p.position;
    });
    const target = await to.headPosition();
    if (target !== head) {
      process.stderr.write(
        `migrate-log: the target ends at position ${target}, the source at ${head}: the target was not empty\n`,
      );
      return 1;
    }
    process.stdout.write(
      `OK: ${head} event(s) in PostgreSQL (${result.copied} copied now, ${result.skipped} already there); every stream head matches\n`,
    );
    return 0;
  } finally {
    await from.close();
    await to.close();
  }
}
