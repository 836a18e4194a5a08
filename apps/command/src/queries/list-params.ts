import { PLEDGE_STATUSES } from '#domain';
import type { AgencyListFilter } from '#read-models';
import { ProblemException, problem } from '../infra/problem.js';

/** The statuses of the agency lifecycle (libs/domain), the one list. */
export const AGENCY_STATUSES: string[] = [...PLEDGE_STATUSES];
export const MAX_PAGE_SIZE = 200;

type Query = Record<string, unknown>;
const bad = (path: string, message: string) => new ProblemException(problem(400, `${path}: ${message}`, { errors: [{ path, message }] }));

function text(q: Query, name: string, max: number): string | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || v.length > max) throw bad(name, `must be a string of at most ${max} characters`);
  return v;
}

function int(q: Query, name: string, fallback: number, min: number, max: number): number {
  const v = q[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min || n > max) throw bad(name, `must be an integer from ${min} to ${max}`);
  return n;
}

export function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[]): T | undefined {
  const v = text(q, name, 64);
  if (v !== undefined && !allowed.includes(v as T)) throw bad(name, `must be one of ${allowed.join(', ')}`);
  return v as T | undefined;
}

/** GET /v1/agencies: filters and bounded paging (pageSize ≤ 200). */
export function agencyListFilter(q: Query): AgencyListFilter {
  return {
    status: oneOf(q, 'status', AGENCY_STATUSES),
    region: text(q, 'region', 64),
    q: text(q, 'q', 100),
    page: int(q, 'page', 1, 1, 1_000_000),
    pageSize: int(q, 'pageSize', 50, 1, MAX_PAGE_SIZE),
  };
}

export function optionalBoolean(q: Query, name: string): boolean | undefined {
  const v = oneOf(q, name, ['true', 'false']);
  return v === undefined ? undefined : v === 'true';
}

export { text as optionalText };
