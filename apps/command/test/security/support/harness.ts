import Database from 'better-sqlite3';
import { join } from 'node:path';
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
  number: 'OM-2026-00001',
};

/** `/v1/agencies/:agencyId/x` → a concrete URL (express 5 syntax: `:name`, `*name`, `{…}` optional). */
export function concretePath(path: string, agencyId = OWN_AGENCY): string {
  return path
    .replace(/\{\*(\w+)\}|\*(\w+)/g, 'x')
    .replace(/[{}]/g, '')
    .replace(/:(\w+)/g, (_, name: string) => (name === 'agencyId' ? agencyId : (PARAMS[name] ?? 'x-1')));
}

export function countEvents(dataDir: string): number {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: false });
  try {
    return Number(db.prepare('SELECT COUNT(*) FROM events').pluck().get());
  } finally {
    db.close();
  }
}

/** One read-only connection kept open: in WAL mode each statement sees the latest commit. */
export function eventCounter(dataDir: string): { count(): number; close(): void } {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  const stmt = db.prepare('SELECT COUNT(*) FROM events').pluck();
  return { count: () => Number(stmt.get()), close: () => db.close() };
}

export function readEvents(
  dataDir: string,
  afterPosition = 0,
): { position: number; stream_id: string; revision: number; type: string; data: string; metadata: string }[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT position, stream_id, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position',
      )
      .all(afterPosition) as any[];
  } finally {
    db.close();
  }
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
