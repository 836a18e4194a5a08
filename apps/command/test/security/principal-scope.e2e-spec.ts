import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEVELOPMENT_JWT_SECRET, signDevelopmentToken } from '#auth';
import { TestApp, sqliteOnly } from '../support/test-app.js';

/**
 * Issue 13, item 8: what is kept per user (idempotency keys, write budgets) is kept per whole
 * identity — role, sub, agency and issuer — not per `role:sub`, which agency A's `chief` and agency
 * B's `chief` shared.
 */
const pledge = (name: string) => ({
  name,
  region: 'TX',
  signatory: { name: 'Pat Chief', title: 'Chief of Police' },
  contact: { name: 'Lt. Rivera', email: 'onemind@scope.example' },
});
const program = {
  programId: 'scope-crisis-ops',
  name: 'Crisis operations',
  provider: 'Scope Academy',
  class: 'crisis',
};

async function eventTypes(t: TestApp, streamId: string): Promise<string[]> {
  const log = await t.openLog();
  try {
    return (await log.readStream(streamId)).map((e) => e.type);
  } finally {
    await log.close();
  }
}

/** Re-keys a stored record the way the version before issue 13 wrote it: `role:sub:key`. */
function toLegacyScope(dataDir: string, key: string, legacyKey: string) {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    const keys = (db.prepare('SELECT key FROM idempotency').pluck().all() as string[]).filter((k) =>
      k.endsWith(`:${key}`),
    );
    expect(keys).toHaveLength(1);
    db.prepare('UPDATE idempotency SET key = ? WHERE key = ?').run(legacyKey, keys[0]);
  } finally {
    db.close();
  }
}

describe('idempotency keys are scoped by the whole principal (e2e)', () => {
  const t = new TestApp();
  beforeAll(() => t.start());
  afterAll(() => t.stop());

  const post = (path: string, token: string, body: unknown, key: string) =>
    t.request('POST', path, { token, body, headers: { 'idempotency-key': key } });

  it('two agencies’ users with the same sub and the same key each get their own effect', async () => {
    const [a, b] = ['tx-scope-a-pd', 'tx-scope-b-pd'];
    const chiefA = await t.token('agency', 'chief', a);
    const chiefB = await t.token('agency', 'chief', b);
    expect((await post(`/v1/agencies/${a}/pledge`, chiefA, pledge('A PD'), 'same-key')).status).toBe(201);
    const pledgedB = await post(`/v1/agencies/${b}/pledge`, chiefB, pledge('B PD'), 'same-key');
    expect(pledgedB.status).toBe(201);
    expect(await eventTypes(t, `agency-${b}`)).toEqual(['PledgeTaken']);

    // The same body on a route without the agency in it: B's request is B's, decided on its own.
    const proposedA = await post('/v1/training-programs', chiefA, program, 'propose-key');
    expect(proposedA.json.events.map((e: { type: string }) => e.type)).toEqual(['TrainingProgramProposed']);
    const proposedB = await post('/v1/training-programs', chiefB, program, 'propose-key');
    expect(proposedB.status).toBe(422);
    expect(proposedB.json.code).toBe('program-exists');
  });

  it('tokens of two issuers with the same role and sub do not share keys', async () => {
    const token = (issuer: string) =>
      signDevelopmentToken({
        role: 'staff',
        sub: 'alice',
        issuer,
        ttl: '10m',
        secret: DEVELOPMENT_JWT_SECRET,
      });
    const one = await post(
      '/v1/agencies/tx-scope-iss-1/pledge',
      await token('https://idp-1.example/'),
      pledge('One PD'),
      'iss-key',
    );
    const two = await post(
      '/v1/agencies/tx-scope-iss-2/pledge',
      await token('https://idp-2.example/'),
      pledge('Two PD'),
      'iss-key',
    );
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(await eventTypes(t, 'agency-tx-scope-iss-2')).toEqual(['PledgeTaken']);
  });

  sqliteOnly(it, 'the old role:sub idempotency scope predates PostgreSQL; the test rewrites SQLite rows')(
    'a record stored under the old role:sub scope answers its own retry, never a stranger',
    async () => {
      const [a, b] = ['tx-legacy-a-pd', 'tx-legacy-b-pd'];
      const chiefA = await t.token('agency', 'chief', a);
      const chiefB = await t.token('agency', 'chief', b);
      const first = await post(`/v1/agencies/${a}/pledge`, chiefA, pledge('A PD'), 'old-key');
      toLegacyScope(t.dataDir, 'old-key', 'agency:chief:old-key');
      const retry = await post(`/v1/agencies/${a}/pledge`, chiefA, pledge('A PD'), 'old-key');
      expect([retry.status, retry.text]).toEqual([first.status, first.text]);
      expect(await eventTypes(t, `agency-${a}`)).toEqual(['PledgeTaken']);
      // B's chief had the same old scope: its request is new to it, not a 409 and not A's answer.
      expect((await post(`/v1/agencies/${b}/pledge`, chiefB, pledge('B PD'), 'old-key')).status).toBe(201);

      const proposed = await post(
        '/v1/training-programs',
        chiefA,
        { ...program, programId: 'legacy-ops' },
        'old-propose',
      );
      toLegacyScope(t.dataDir, 'old-propose', 'agency:chief:old-propose');
      const stranger = await post(
        '/v1/training-programs',
        chiefB,
        { ...program, programId: 'legacy-ops' },
        'old-propose',
      );
      expect([stranger.status, stranger.json.code]).toEqual([422, 'program-exists']);
      const own = await post(
        '/v1/training-programs',
        chiefA,
        { ...program, programId: 'legacy-ops' },
        'old-propose',
      );
      expect([own.status, own.text]).toEqual([proposed.status, proposed.text]);
    },
  );
});

describe('write budgets are per whole principal (e2e, Redis)', () => {
  const t = new TestApp();
  const limits = {
    ONEMIND_WRITE_RATE_PER_MIN: '3',
    ONEMIND_RATE_LIMIT_PREFIX: `onemind:rl:scope:${randomBytes(6).toString('hex')}:`,
  };
  const saved = Object.fromEntries(Object.keys(limits).map((k) => [k, process.env[k]]));
  beforeAll(async () => {
    // Read once at start-up; a prefix of its own so no other run counts against this one.
    Object.assign(process.env, limits);
    await t.start();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });
  afterAll(() => t.stop());

  it('agency A’s chief using up its budget leaves agency B’s chief its own', async () => {
    const write = async (agencyId: string) =>
      (
        await t.request('POST', `/v1/agencies/${agencyId}/pledge`, {
          token: await t.token('agency', 'chief', agencyId),
          body: pledge('PD'),
        })
      ).status;
    const a = [
      await write('tx-budget-a'),
      await write('tx-budget-a'),
      await write('tx-budget-a'),
      await write('tx-budget-a'),
    ];
    expect(a.slice(0, 3)).not.toContain(429);
    expect(a[3]).toBe(429);
    expect(await write('tx-budget-b')).toBe(201);
  });
});
