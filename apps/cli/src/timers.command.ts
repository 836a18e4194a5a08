import { loadConfig } from '#config';
import { openEventStore } from '#event-store/open';
import { checkRedisEvictionPolicy, JobQueues, queuePrefix, reconcile } from '#jobs/redis';
import { UsageError, type ParsedArgs } from './args.js';

/**
 * `onemind timers reconcile`: after Redis lost jobs (FLUSHALL, a restart without persistence),
 * re-creates every pending deadline, document and notification job from the event log (a
 * notification is pending until its NotificationSent) and removes jobs no longer pending; prints each change. Safe while the apps run (ids dedupe).
 */
export async function timersCommand(args: ParsedArgs): Promise<number> {
  if (args.positional[0] !== 'reconcile') throw new UsageError('the only timers subcommand is "reconcile"');
  const config = loadConfig();
  const store = await openEventStore(config);
  const queues = new JobQueues(config.redisUrl, queuePrefix(config));
  try {
    await checkRedisEvictionPolicy(queues.connection, config.production, (msg) =>
      process.stderr.write(`warning: ${msg}\n`),
    );
    const report = await reconcile(store, queues, () =>
      new Date(Date.now() + config.clockOffsetMs).toISOString(),
    );
    for (const id of report.added) process.stdout.write(`added   ${id}\n`);
    for (const id of report.removed) process.stdout.write(`removed ${id}\n`);
    process.stdout.write(
      `${report.pending} pending jobs; ${report.added.length} added, ${report.removed.length} removed\n`,
    );
    return 0;
  } finally {
    await queues.close();
    await store.close();
  }
}
