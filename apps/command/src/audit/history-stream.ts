import { Readable } from 'node:stream';
import type { EventStore } from '#event-store';
import { toJson, type StoredEvent } from '#events';
import type { HttpReply } from '../infra/http.js';

const PAGE = 1000;

/** API.md's history item: the stored event with bigints as decimal strings. */
export function historyItem(e: StoredEvent) {
  const { streamId: _s, ...rest } = toJson(e);
  return rest;
}

/**
 * Streams a stream's history page by page (never the whole history in memory), as a JSON array
 * or as NDJSON. A Readable fed by the pages, so the reply's pipe honours back-pressure: the next
 * page is read only when the client has taken the last one.
 */
export function streamHistory(
  store: EventStore,
  streamId: string,
  res: HttpReply,
  ndjson: boolean,
): HttpReply {
  async function* pages(): AsyncGenerator<string> {
    if (!ndjson) yield '[';
    let from = 0n;
    let first = true;
    for (;;) {
      const page = await store.readStream(streamId, {
        fromRevision: from,
        toRevision: from + BigInt(PAGE - 1),
      });
      let chunk = '';
      for (const e of page) {
        const line = JSON.stringify(historyItem(e));
        chunk += ndjson ? `${line}\n` : `${first ? '' : ','}${line}`;
        first = false;
      }
      if (chunk) yield chunk;
      if (page.length < PAGE) break;
      from += BigInt(PAGE);
    }
    if (!ndjson) yield ']';
  }
  return res
    .status(200)
    .header(
      'Content-Type',
      ndjson ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8',
    )
    .send(Readable.from(pages(), { objectMode: false }));
}
