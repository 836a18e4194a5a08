import { jest } from '@jest/globals';
import type { AccessRule } from '../../src/auth/access.decorator.js';
import { TestApp } from '../support/test-app.js';
import { countEvents, isProblem, OTHER_AGENCY, OWN_AGENCY, sendSample } from './support/harness.js';
import { allRoutes, type DiscoveredRoute } from './support/routes.js';
import { ROLES, ROUTE_MATRIX, type Expectation, type Outcome, type Role } from './route-matrix.js';

jest.setTimeout(120_000);

/** What a Nest route's `@Access` rule implies, to cross-check the reviewed table against the code. */
function implied(rule: AccessRule | undefined, path: string): Expectation | 'no-rule' {
  if (!rule) return 'no-rule';
  if ('public' in rule)
    return { anonymous: 'allow', agencyOwn: 'allow', agencyOther: 'allow', staff: 'allow', auditor: 'allow' };
  const has = (r: 'agency' | 'staff' | 'auditor'): Outcome => (rule.roles.includes(r) ? 'allow' : 403);
  const confined = path.includes(':agencyId') && rule.ownAgency !== false;
  return {
    anonymous: 401,
    agencyOwn: has('agency'),
    agencyOther: confined ? 403 : has('agency'),
    staff: has('staff'),
    auditor: has('auditor'),
  };
}

const outcome = (status: number): Outcome => (status === 401 ? 401 : status === 403 ? 403 : 'allow');

describe('G7: every route × every role (e2e, generated from the router)', () => {
  const t = new TestApp();
  let routes: DiscoveredRoute[];
  const tokens = {} as Record<Role, string | undefined>;

  beforeAll(async () => {
    await t.start();
    routes = allRoutes(t.app);
    tokens.anonymous = undefined;
    tokens.agencyOwn = await t.token('agency', 'chief@own', OWN_AGENCY, '30m');
    tokens.agencyOther = await t.token('agency', 'chief@other', OTHER_AGENCY, '30m');
    tokens.staff = await t.token('staff', 'alice@iacp', undefined, '30m');
    tokens.auditor = await t.token('auditor', 'audrey@audit', undefined, '30m');
  });
  afterAll(() => t.stop());

  it('the table lists exactly the routes the app serves', () => {
    const served = routes.map((r) => r.key);
    const missing = served.filter((k) => !(k in ROUTE_MATRIX));
    const stale = Object.keys(ROUTE_MATRIX).filter((k) => !served.includes(k));
    expect({ routesWithoutAnEntry: missing, entriesWithoutARoute: stale }).toEqual({
      routesWithoutAnEntry: [],
      entriesWithoutARoute: [],
    });
  });

  it('every Nest route declares an @Access rule, and the table agrees with it', () => {
    const disagreements = routes
      .filter((r) => r.nest && ROUTE_MATRIX[r.key])
      .map((r) => ({ route: r.key, table: ROUTE_MATRIX[r.key], rule: implied(r.rule, r.path) }))
      .filter((d) => JSON.stringify(d.table) !== JSON.stringify(d.rule));
    expect(disagreements).toEqual([]);
  });

  it('a real request per route × role answers as the table says; refusals are problem+json and append nothing', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const expected = ROUTE_MATRIX[route.key];
      if (!expected) continue; // reported by the first test
      // Refused roles first, so the allowed ones act on an untouched agency.
      const order = [...ROLES].sort(
        (a, b) => Number(expected[a] === 'allow') - Number(expected[b] === 'allow'),
      );
      for (const role of order) {
        const before = await countEvents(t);
        const res = await sendSample(t, route, tokens[role]);
        const got = outcome(res.status);
        if (got !== expected[role])
          failures.push(
            `${route.key} as ${role}: expected ${expected[role]}, got ${res.status} ${res.text.slice(0, 120)}`,
          );
        if (res.status >= 500) failures.push(`${route.key} as ${role}: ${res.status}`);
        if (got !== 'allow') {
          if (!isProblem(res)) failures.push(`${route.key} as ${role}: ${res.status} is not problem+json`);
          if ((await countEvents(t)) !== before)
            failures.push(`${route.key} as ${role}: a refused request appended events`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('a mounted sub-application refuses the same roles on its inner paths', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'USE' && ROUTE_MATRIX[r.key])) {
      for (const role of ROLES.filter((r) => ROUTE_MATRIX[route.key][r] !== 'allow')) {
        for (const inner of ['/api/queues', '/static/../api/queues', '/x/y?z=1']) {
          const res = await t.request('GET', `${route.path}${inner}`, { token: tokens[role] });
          if (outcome(res.status) !== ROUTE_MATRIX[route.key][role] && res.status !== 404)
            failures.push(`${route.path}${inner} as ${role}: ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('staff-only fields: an agency may not backdate its pledge or pick a rule set (API3), staff may', async () => {
    const pledge = {
      name: 'Field PD',
      signatory: { name: 'A', title: 'Chief' },
      contact: { name: 'B', email: 'b@field.example' },
    };
    const own = await t.token('agency', 'chief@field', 'tx-field-pd');
    const before = await countEvents(t);
    for (const extra of [{ pledgedOn: '2024-01-15' }, { ruleSet: 'one-mind-2016' }]) {
      const res = await t.request('POST', '/v1/agencies/tx-field-pd/pledge', {
        token: own,
        body: { ...pledge, ...extra },
      });
      expect([res.status, res.json?.code]).toEqual([expect.any(Number), 'staff-only-field']);
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    expect(await countEvents(t)).toBe(before);
    expect(
      (
        await t.request('POST', '/v1/agencies/tx-field-pd/pledge', {
          token: tokens.staff,
          body: { ...pledge, pledgedOn: '2024-01-15', ruleSet: 'one-mind-2016' },
        })
      ).status,
    ).toBe(201);
  });

  it('a route the guard has no rule for is unreachable (fail closed)', async () => {
    const undeclared = routes.filter((r) => r.nest && !r.rule).map((r) => r.key);
    expect(undeclared).toEqual([]);
  });

  it('an agency token is confined to its own agency on every route that names one', () => {
    const open = routes.filter(
      (r) =>
        r.nest &&
        r.path.includes(':agencyId') &&
        r.rule &&
        !('public' in r.rule) &&
        r.rule.roles.includes('agency') &&
        r.rule.ownAgency === false,
    );
    expect(open.map((r) => r.key)).toEqual([]);
  });
});
