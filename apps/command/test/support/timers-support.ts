import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventStore } from '#event-store';
import { CURRENT_SCHEMA_VERSIONS, agencyStream, type AgencyEvent } from '#events';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A BullMQ prefix of its own per test run: parallel suites never share a queue. */
export const testPrefix = () => `onemind-test-${randomBytes(5).toString('hex')}`;

/** The "FLUSHALL" of one test run: deletes only the keys under its prefix (the server is shared). */
export async function deletePrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Appends agency events straight to the log, as the command app would have (system actor). */
export async function appendAgencyEvents(
  store: EventStore,
  agencyId: string,
  events: AgencyEvent[],
  at = new Date().toISOString(),
) {
  const head = await store.streamHead(agencyStream(agencyId));
  const commandId = randomUUID();
  await store.append(
    agencyStream(agencyId),
    events.map((e) => {
      const schemaVersion = CURRENT_SCHEMA_VERSIONS[e.type];
      return {
        id: randomUUID(),
        type: e.type,
        schemaVersion,
        data: e.data,
        metadata: {
          actor: { sub: 'test', role: 'staff' as const },
          commandId,
          correlationId: commandId,
          causationId: commandId,
          recordedAt: at,
          schemaVersion,
        },
      };
    }),
    head ? head.revision : 'no-stream',
  );
}

export function pledgeTaken(
  agencyId: string,
  deadline: string,
  pledgedOn = new Date().toISOString().slice(0, 10),
  cycle = 1,
): AgencyEvent {
  return {
    type: 'PledgeTaken',
    data: {
      agencyId,
      cycle,
      name: `${agencyId} Police Department`,
      country: 'US',
      region: 'TX',
      signatory: { name: 'Chief Test', title: 'Chief of Police' },
      contact: { name: 'Lt. Contact', email: `${agencyId}@example.org` },
      commitmentMonths: 36,
      pledgedOn,
      deadline,
      ruleSet: 'one-mind-2023',
    },
  };
}

/** Count of each event type per stream, read straight from the log. */
export async function eventsOfType(
  store: EventStore,
  type: string,
): Promise<{ streamId: string; position: bigint; data: any; metadata: any }[]> {
  const out: { streamId: string; position: bigint; data: any; metadata: any }[] = [];
  for (let after = 0n; ;) {
    const page = await store.readAll(after, 5000);
    if (!page.length) return out;
    for (const e of page)
      if (e.type === type)
        out.push({ streamId: e.streamId, position: e.position, data: e.data, metadata: e.metadata });
    after = page[page.length - 1].position;
  }
}

export const isoDay = (offsetDays: number, from = new Date()) =>
  new Date(from.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
