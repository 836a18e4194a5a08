import type { EventStore, StreamHead } from '#event-store';
import { toJson, type StoredEventJson } from '#events';

const PAGE = 1000;

/** The last line of each exported stream: the head the store recorded, so a cut tail shows offline. */
export interface HeadLine {
  streamHead: { streamId: string; revision: string; hash: string };
}

/**
 * NDJSON export: each stream's events in revision order (toJson, bigints as strings), then its
 * head line. Read page by page, so exporting the whole log needs memory for one page only.
 */
export async function* exportLines(
  store: EventStore,
  streams: AsyncIterable<{ streamId: string; head: StreamHead }>,
): AsyncGenerator<string> {
  for await (const { streamId, head } of streams) {
    for (let from = 0n; ; from += BigInt(PAGE)) {
      const page = await store.readStream(streamId, {
        fromRevision: from,
        toRevision: from + BigInt(PAGE - 1),
      });
      for (const e of page) yield `${JSON.stringify(toJson(e))}\n`;
      if (page.length < PAGE) break;
    }
    const line: HeadLine = { streamHead: { streamId, revision: head.revision.toString(), hash: head.hash } };
    yield `${JSON.stringify(line)}\n`;
  }
}

export async function* oneStream(
  store: EventStore,
  streamId: string,
): AsyncGenerator<{ streamId: string; head: StreamHead }> {
  const head = await store.streamHead(streamId);
  if (head) yield { streamId, head };
}

export type ExportLine = StoredEventJson | HeadLine;
