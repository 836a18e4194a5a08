import { once } from 'node:events';
import { loadConfig } from '#config';
import { openEventStore } from '#event-store/open';
import { agencyStream } from '#events';
import { exportLines, oneStream } from '#audit';
import { UsageError, type ParsedArgs } from './args.js';

/** `export <agencyId|--all> > file.ndjson`: the events and stream heads, checkable offline with `verify --file`. */
export async function exportCommand(args: ParsedArgs): Promise<number> {
  const all = args.flags.all === true;
  const agencyId = args.positional[0];
  if (all === Boolean(agencyId)) throw new UsageError('give one agencyId or --all');
  const store = await openEventStore(loadConfig());
  try {
    const streams = all ? store.listStreams() : oneStream(store, agencyStream(agencyId));
    let count = 0;
    for await (const line of exportLines(store, streams)) {
      count += 1;
      if (!process.stdout.write(line)) await once(process.stdout, 'drain');
    }
    if (count === 0) {
      process.stderr.write(`onemind export: no agency ${agencyId}\n`);
      return 1;
    }
    return 0;
  } finally {
    await store.close();
  }
}
