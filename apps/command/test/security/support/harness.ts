import type { TestApp } from '../../support/test-app.js';
import type { DiscoveredRoute } from './routes.js';
import { WRITE_SAMPLES } from './write-samples.js';

export const OWN_AGENCY = 'tx-own-pd';
export const OTHER_AGENCY = 'tx-other-pd';

/** Placeholder values for path parameters; `:agencyId` is the agency under test. */
const PARAMS: Record<string, string> = {
  agencyId: OWN_AGENCY,
  partnershipId: '00000000-0000-4000-8000-000000000001',
  policyId: '00000000-0000-4000-8000-000000000002',
  programId: 'cit',
  requirement: 'policy',
  campaignId: 'one-mind',
  practiceId: 'practice-01',
  number: 'OM-2026-00001',
};

/** `/v1/agencies/:agencyId/x` → a concrete URL (express 5 syntax: `:name`, `*name`, `{…}` optional). */
export function concretePath(path: string, agencyId = OWN_AGENCY): string {
  return path
    .replace(/\{\*(\w+)\}|\*(\w+)/g, 'x')
    .replace(/[{}]/g, '')
    .replace(/:(\w+)/g, (_, name: string) => (name === 'agencyId' ? agencyId : (PARAMS[name] ?? 'x-1')));
}

/**
 * How many events the app's log holds, whichever store it is in: positions are gap-free on both
 * (docs/decisions/0004-postgres-global-order.md), so the head position is the count.
 */
export async function countEvents(t: TestApp): Promise<number> {
  const counter = await eventCounter(t);
  try {
    return await counter.count();
  } finally {
    await counter.close();
  }
}

/** One log connection kept open for many counts (the fuzzer's hundreds of runs). */
export async function eventCounter(
  t: TestApp,
): Promise<{ count(): Promise<number>; close(): Promise<void> }> {
  const log = await t.openLog();
  return { count: async () => Number(await log.headPosition()), close: () => log.close() };
}

/** The log's events after a position, as rows (data and metadata as their JSON text). */
export async function readEvents(
  t: TestApp,
  afterPosition = 0,
): Promise<
  { position: number; stream_id: string; revision: number; type: string; data: string; metadata: string }[]
> {
  return (await t.logEvents())
    .filter((e) => e.position > BigInt(afterPosition))
    .map((e) => ({
      position: Number(e.position),
      stream_id: e.streamId,
      revision: Number(e.revision),
      type: e.type,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata),
    }));
}

/** Sends the route's sample (or nothing for reads) with `token`. */
export function sendSample(t: TestApp, route: DiscoveredRoute, token?: string, agencyId = OWN_AGENCY) {
  const method = route.method === 'USE' ? 'GET' : route.method;
  const sample = WRITE_SAMPLES[route.key];
  const headers: Record<string, string> = sample?.contentType ? { 'content-type': sample.contentType } : {};
  const body = ['GET', 'HEAD', 'DELETE'].includes(method) ? undefined : (sample?.body ?? {});
  return t.request(method, concretePath(route.path, agencyId), { token, body, headers });
}

export const isProblem = (res: { headers: Headers }) =>
  /^application\/problem\+json/.test(res.headers.get('content-type') ?? '');
