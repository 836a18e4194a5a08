import type { Response } from 'express';
import type { EventStore } from '#event-store';
import { toJson, type StoredEvent } from '#events';

const PAGE = 1000;

/** API.md's history item: the stored event with bigints as decimal strings. */
export function historyItem(e: StoredEvent) {
  const { streamId: _s, ...rest } = toJson(e);
  return rest;
}

/**
 * Streams a stream's history page by page (never the whole history in memory), as a JSON array
 * or as NDJSON, honouring back-pressure. The status and headers are sent with the first page.
 */
export async function streamHistory(
  store: EventStore,
  streamId: string,
  res: Response,
  ndjson: boolean,
): Promise<void> {
  res
    .status(200)
    .setHeader(
      'Content-Type',
      ndjson ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8',
    );
  if (!ndjson) res.write('[');
  let from = 0n;
  let first = true;
  for (;;) {
    const page = await store.readStream(streamId, {
      fromRevision: from,
      toRevision: from + BigInt(PAGE - 1),
    });
    for (const e of page) {
      const line = JSON.stringify(historyItem(e));
      const ok = res.write(ndjson ? `${line}\n` : `${first ? '' : ','}${line}`);
      first = false;
      if (!ok) await new Promise((r) => res.once('drain', r));
    }
    if (page.length < PAGE) break;
    from += BigInt(PAGE);
  }
  res.end(ndjson ? '' : ']');
}
