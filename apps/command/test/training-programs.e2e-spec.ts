import { startProjector, startReadModels, type RunningProjector } from '#projector';
import { TestApp } from './support/test-app.js';

const BUILT_IN = ['cit', 'crit', 'mhfa-public-safety', 'mhfa'];

/** GET /v1/training-programs over HTTP, with the projector running in-process on the same data folder. */
describe('the training-programme catalogue: GET /v1/training-programs?status= (e2e)', () => {
  const t = new TestApp();
  let projector: RunningProjector;
  const tokens: Record<string, string> = {};
  let lastPosition = '0';

  beforeAll(async () => {
    await t.start();
    projector = await startProjector(await t.projectorConfig(), { subscribers: [startReadModels] });
    tokens.staff = await t.token('staff', 'alice@iacp');
    tokens.auditor = await t.token('auditor', 'audrey@audit');
    tokens.temple = await t.token('agency', 'chief@temple', 'tx-temple-pd');
    tokens.waco = await t.token('agency', 'chief@waco', 'tx-waco-pd');
  });
  afterAll(async () => {
    await projector?.stop();
    await t.stop();
  });

  const propose = async (token: string, programId: string, cls: 'crisis' | 'awareness') => {
    const res = await t.request('POST', '/v1/training-programs', {
      token,
      body: { programId, name: `${programId} course`, provider: 'State academy', class: cls, hours: 16 },
    });
    expect([200, 201]).toContain(res.status); // 201 for the first: it creates the catalogue's stream
    lastPosition = res.json.position;
    return res;
  };
  const list = (token: string, query = '') =>
    t.request('GET', `/v1/training-programs${query}`, { token, headers: { 'x-min-position': lastPosition } });
  const ids = (res: { json: { items: { programId: string }[] } }) => res.json.items.map((p) => p.programId);

  it('before anything is proposed: the built-in programmes, recognised, none proposed', async () => {
    const all = await list(tokens.temple);
    expect(all.status).toBe(200);
    expect(all.json).toEqual({ total: 4, items: expect.any(Array) });
    expect(ids(all)).toEqual(BUILT_IN);
    expect(all.json.items[0]).toEqual({
      programId: 'cit',
      name: 'Crisis Intervention Team training (Memphis model)',
      provider: 'CIT International',
      class: 'crisis',
      hours: 40,
      status: 'recognized',
      builtIn: true,
      recognizedAt: null,
      proposedBy: null,
      proposedAt: null,
    });
    expect((await list(tokens.staff, '?status=proposed')).json).toEqual({ total: 0, items: [] });
  });

  it('staff list the proposals waiting for recognition, with who proposed them and when', async () => {
    const started = new Date().toISOString();
    await propose(tokens.temple, 'temple-crisis', 'crisis');
    await propose(tokens.waco, 'waco-awareness', 'awareness');
    await propose(tokens.staff, 'state-cit', 'crisis'); // staff: recognised at once

    const proposed = await list(tokens.staff, '?status=proposed');
    expect(proposed.status).toBe(200);
    expect(proposed.json.total).toBe(2);
    expect(proposed.json.items).toEqual([
      {
        programId: 'temple-crisis',
        name: 'temple-crisis course',
        provider: 'State academy',
        class: 'crisis',
        hours: 16,
        status: 'proposed',
        builtIn: false,
        recognizedAt: null,
        proposedBy: 'tx-temple-pd',
        proposedAt: expect.any(String),
      },
      expect.objectContaining({ programId: 'waco-awareness', class: 'awareness', proposedBy: 'tx-waco-pd' }),
    ]);
    expect(proposed.json.items[0].proposedAt >= started).toBe(true);

    const recognized = await list(tokens.staff, '?status=recognized');
    expect(ids(recognized)).toEqual([...BUILT_IN, 'state-cit']);
    expect(recognized.json.items[4]).toMatchObject({
      status: 'recognized',
      builtIn: false,
      recognizedAt: expect.any(String),
      proposedBy: null,
      proposedAt: null,
    });
    expect(ids(await list(tokens.staff))).toEqual([
      ...BUILT_IN,
      'temple-crisis',
      'waco-awareness',
      'state-cit',
    ]);
    expect((await list(tokens.staff, '?status=')).json.total).toBe(7); // an empty field is no filter
  });

  it('a recognised proposal moves to recognized and keeps who proposed it', async () => {
    const res = await t.request('POST', '/v1/training-programs/temple-crisis/recognition', {
      token: tokens.staff,
      body: { note: 'equivalent to CIT' },
    });
    expect(res.status).toBe(200);
    lastPosition = res.json.position;
    expect(ids(await list(tokens.staff, '?status=proposed'))).toEqual(['waco-awareness']);
    const recognized = await list(tokens.auditor, '?status=recognized');
    expect(recognized.status).toBe(200);
    expect(recognized.json.items.at(-1)).toMatchObject({
      programId: 'temple-crisis',
      status: 'recognized',
      recognizedAt: expect.any(String),
      proposedBy: 'tx-temple-pd',
      proposedAt: expect.any(String),
    });
  });

  it('every role may list; an agency sees who proposed only on its own proposals', async () => {
    const temple = await list(tokens.temple);
    const waco = await list(tokens.waco);
    const by = (res: typeof temple) =>
      Object.fromEntries(
        res.json.items.map((p: { programId: string; proposedBy: string | null }) => [
          p.programId,
          p.proposedBy,
        ]),
      );
    expect(by(temple)).toMatchObject({ 'temple-crisis': 'tx-temple-pd', 'waco-awareness': null });
    expect(by(waco)).toMatchObject({ 'temple-crisis': null, 'waco-awareness': 'tx-waco-pd' });
    expect(by(await list(tokens.auditor))).toMatchObject({
      'temple-crisis': 'tx-temple-pd',
      'waco-awareness': 'tx-waco-pd',
    });
    // Other agencies still see that a programme is proposed and when: only the proposer is hidden.
    expect(waco.json.items.find((p: { programId: string }) => p.programId === 'temple-crisis')).toMatchObject(
      {
        proposedAt: expect.any(String),
      },
    );
    expect((await t.request('GET', '/v1/training-programs')).status).toBe(401);
  });

  it.each([
    ['?status=pending', 'status'],
    ['?status=RECOGNIZED', 'status'],
    ['?status=recognized&status=proposed', 'status'],
    ['?kind=crisis', 'kind'],
  ])('%s → 400 problem+json naming the parameter', async (query, field) => {
    const res = await list(tokens.staff, query);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});
