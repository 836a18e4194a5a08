import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfig } from '#config';
import { LocalDocumentStore, evidenceDir } from '#documents';
import { openEventStore } from '#event-store/open';
import { agencyStream } from '#events';
import { verifyExport } from '#audit';
import { verifyStream, type VerificationJson } from '#audit';
import { stringFlag, type ParsedArgs } from './args.js';

/**
 * `verify [<agencyId>]` re-checks the hash chains in the log (all streams when none is named) and
 * that every evidence document in `<data>/evidence` still hashes to its event (G12);
 * `verify --file export.ndjson [--documents <evidence folder>]` checks an export offline, without
 * the database (the documents too when a copy of the evidence folder is given). Exit 1 on any
 * break, naming the first broken stream and revision and every bad document.
 */
export async function verifyCommand(args: ParsedArgs): Promise<number> {
  const file = stringFlag(args, 'file');
  const folder = stringFlag(args, 'documents');
  const verdicts = file
    ? await verifyExport(
        createInterface({ input: createReadStream(file), crlfDelay: Infinity }),
        folder ? new LocalDocumentStore(folder) : undefined,
      )
    : await verifyLog(args.positional[0], folder);
  return report(verdicts, args.positional[0]);
}

async function verifyLog(agencyId: string | undefined, folder?: string): Promise<VerificationJson[]> {
  const config = loadConfig();
  const store = await openEventStore(config);
  const documents = new LocalDocumentStore(folder ?? evidenceDir(config.dataDir));
  try {
    if (agencyId) {
      const v = await verifyStream(store, agencyStream(agencyId), documents);
      return v ? [v] : [];
    }
    const verdicts: VerificationJson[] = [];
    for await (const { streamId } of store.listStreams())
      verdicts.push((await verifyStream(store, streamId, documents))!);
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
  for (const v of bad) {
    process.stdout.write(`BROKEN ${v.streamId} at revision ${v.firstBadRevision}: ${v.reason}\n`);
    for (const d of v.documents?.bad ?? [])
      process.stdout.write(
        `BAD DOCUMENT ${d.sha256} (evidence ${d.evidenceId}, ${v.streamId} revision ${d.revision}): ${d.problem}\n`,
      );
  }
  const events = verdicts.reduce((n, v) => n + v.events, 0);
  const documents = verdicts.reduce((n, v) => n + (v.documents?.checked ?? 0), 0);
  process.stdout.write(
    `${bad.length ? 'FAILED' : 'OK'}: ${verdicts.length} stream(s), ${events} event(s) verified, ${bad.length} broken, ${documents} document(s) checked\n`,
  );
  return bad.length ? 1 : 0;
}
