import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfig } from '#config';
import { openEventStore } from '#event-store/open';
import { agencyStream } from '#events';
import { verifyExport } from '#audit';
import { verifyStream, type VerificationJson } from '#audit';
import { stringFlag, type ParsedArgs } from './args.js';

/**
 * `verify [<agencyId>]` re-checks the hash chains in the log (all streams when none is named);
 * `verify --file export.ndjson` checks an export offline, without the database. Exit 1 on any
 * break, naming the first broken stream and revision.
 */
export async function verifyCommand(args: ParsedArgs): Promise<number> {
  const file = stringFlag(args, 'file');
  const verdicts = file
    ? await verifyExport(createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
    : await verifyLog(args.positional[0]);
  return report(verdicts, args.positional[0]);
}

async function verifyLog(agencyId: string | undefined): Promise<VerificationJson[]> {
  const store = openEventStore(loadConfig());
  try {
    if (agencyId) {
      const v = await verifyStream(store, agencyStream(agencyId));
      return v ? [v] : [];
    }
    const verdicts: VerificationJson[] = [];
    for await (const { streamId } of store.listStreams())
      verdicts.push((await verifyStream(store, streamId))!);
    return verdicts;
  } finally {
    await store.close();
  }
}

function report(verdicts: VerificationJson[], agencyId?: string): number {
  if (verdicts.length === 0) {
    process.stderr.write(agencyId ? `no agency ${agencyId}\n` : 'no streams to verify\n');
    return agencyId ? 1 : 0;
  }
  const bad = verdicts.filter((v) => !v.valid);
  for (const v of bad)
    process.stdout.write(`BROKEN ${v.streamId} at revision ${v.firstBadRevision}: ${v.reason}\n`);
  const events = verdicts.reduce((n, v) => n + v.events, 0);
  process.stdout.write(
    `${bad.length ? 'FAILED' : 'OK'}: ${verdicts.length} stream(s), ${events} event(s) verified, ${bad.length} broken\n`,
  );
  return bad.length ? 1 : 0;
}
