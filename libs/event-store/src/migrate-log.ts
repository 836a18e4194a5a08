import { agencyIdClaim, agencyIdOf, type NewEvent, type StoredEvent } from '#events';
import { ClaimTakenError, WrongExpectedRevisionError, type EventStore } from './event-store.js';

export interface CopyProgress {
  /** Events appended to the target in this run. */
  copied: number;
  /** Events already in the target (an earlier, interrupted run) and checked to be identical. */
  skipped: number;
  /** The source position reached. */
  position: bigint;
  /** The source's head when the copy started. */
  headPosition: bigint;
}

export class CopyMismatchError extends Error {}

/**
 * Copies a whole event log into another store (e.g. SQLite → KurrentDB), preserving what makes it
 * the same log: every stream's events with the same ids, types, data, metadata and revisions, in
 * the source's global order, so the target recomputes the SAME hash chain (the hash covers no
 * store-specific field). Each append pins the expected revision (revision − 1, or no-stream), so
 * the copy cannot interleave with a live writer on the target. Resumable: an event already in the
 * target at its revision is checked hash for hash and skipped. Global positions are the target's
 * own; checkpoints of read models must be rebuilt after a move.
 */
export async function copyLog(
  from: EventStore,
  to: EventStore,
  onProgress: (p: CopyProgress) => void = () => undefined,
  pageSize = 1000,
): Promise<CopyProgress> {
  const resumed = await resumePoint(from, to);
  const progress: CopyProgress = {
    copied: 0,
    skipped: Number(resumed),
    position: resumed,
    headPosition: await from.headPosition(),
  };
  for (;;) {
    const page = await from.readAll(progress.position, pageSize);
    if (page.length === 0) break;
    for (const run of runsOfOneStream(page)) await copyRun(to, run, progress);
    progress.position = page[page.length - 1].position;
    onProgress({ ...progress });
  }
  await checkHeads(from, to);
  return progress;
}

/**
 * Where an interrupted copy into a store with the same positions (SQLite or PostgreSQL, both
 * gap-free) left off: the target's head, when the event there is the source's event at that
 * position. Everything before it is not re-read here; the final head check still compares every
 * stream's head hash, which the chain ties to every event before it.
 */
async function resumePoint(from: EventStore, to: EventStore): Promise<bigint> {
  const head = await to.headPosition();
  if (head === 0n) return 0n;
  const [mine] = await to.readAll(head - 1n, 1);
  const [theirs] = await from.readAll(head - 1n, 1);
  const same =
    mine &&
    theirs &&
    mine.position === head &&
    theirs.position === head &&
    mine.id === theirs.id &&
    mine.hash === theirs.hash;
  return same ? head : 0n;
}

/** Consecutive events of one stream with consecutive revisions: appended together. */
function runsOfOneStream(page: StoredEvent[]): StoredEvent[][] {
  const runs: StoredEvent[][] = [];
  for (const e of page) {
    const last = runs[runs.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && prev.streamId === e.streamId && prev.revision + 1n === e.revision) last.push(e);
    else runs.push([e]);
  }
  return runs;
}

async function copyRun(to: EventStore, run: StoredEvent[], progress: CopyProgress): Promise<void> {
  const first = run[0];
  const expected = first.revision === 0n ? 'no-stream' : first.revision - 1n;
  try {
    await appendClaimed(to, run, expected);
    progress.copied += run.length;
  } catch (err) {
    if (
      !(err instanceof WrongExpectedRevisionError) ||
      err.actual === 'no-stream' ||
      err.actual < first.revision
    )
      throw err;
    // Already there from an earlier run: identical, or the copy stops.
    const there = await to.readStream(first.streamId, {
      fromRevision: first.revision,
      toRevision: run[run.length - 1].revision,
    });
    const missing = run.slice(there.length);
    run.slice(0, there.length).forEach((e, i) => {
      if (there[i].hash !== e.hash)
        throw new CopyMismatchError(
          `${e.streamId}@${e.revision}: the target holds a different event (hash ${there[i].hash}, source ${e.hash})`,
        );
    });
    progress.skipped += there.length;
    if (missing.length) await copyRun(to, missing, progress);
  }
}

/**
 * A stream created on the target takes its agency-id claim there too (a store without a back-fill
 * at open, such as KurrentDB, would otherwise let a case twin be pledged after the move). Two
 * streams that already collide in the source are copied as they are: the copy is the log.
 */
async function appendClaimed(
  to: EventStore,
  run: StoredEvent[],
  expected: 'no-stream' | bigint,
): Promise<void> {
  const agencyId = agencyIdOf(run[0].streamId);
  if (expected !== 'no-stream' || agencyId === null)
    return void (await to.append(run[0].streamId, run.map(asNew), expected));
  try {
    await to.append(run[0].streamId, run.map(asNew), expected, { claims: [agencyIdClaim(agencyId)] });
  } catch (err) {
    if (!(err instanceof ClaimTakenError)) throw err;
    await to.append(run[0].streamId, run.map(asNew), expected);
  }
}

function asNew(e: StoredEvent): NewEvent {
  return { id: e.id, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata };
}

/** The proof the move kept the log: every stream ends at the same revision with the same hash. */
async function checkHeads(from: EventStore, to: EventStore): Promise<void> {
  for await (const { streamId, head } of from.listStreams()) {
    const target = await to.streamHead(streamId);
    if (!target || target.revision !== head.revision || target.hash !== head.hash) {
      throw new CopyMismatchError(
        `${streamId}: source head ${head.revision}/${head.hash}, target ${target ? `${target.revision}/${target.hash}` : 'missing'}`,
      );
    }
  }
}
