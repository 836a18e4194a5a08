import { TestApp } from '../support/test-app.js';

/** Security headers, caching of authenticated answers, and CORS only for the configured origins. */
describe('security headers and CORS (e2e)', () => {
  const t = new TestApp({ CORS_ORIGINS: 'https://portal.onemind.example' });
  beforeAll(() => t.start());
  afterAll(() => t.stop());

  it('sends helmet’s headers and no X-Powered-By', async () => {
    const res = await t.request('GET', '/health/live');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('marks answers to token-bearing requests no-store (also refusals)', async () => {
    const staff = await t.token('staff', 'alice@iacp');
    expect(
      (await t.request('GET', '/v1/agencies/tx-nobody-pd', { token: staff })).headers.get('cache-control'),
    ).toBe('no-store');
    expect(
      (
        await t.request('POST', '/v1/agencies/tx-nobody-pd/withdrawal', { token: staff, body: { bad: 1 } })
      ).headers.get('cache-control'),
    ).toBe('no-store');
  });

  it('allows cross-origin calls from CORS_ORIGINS only', async () => {
    const preflight = (origin: string) =>
      t.request('OPTIONS', '/v1/agencies/tx-nobody-pd/pledge', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    expect(
      (await preflight('https://portal.onemind.example')).headers.get('access-control-allow-origin'),
    ).toBe('https://portal.onemind.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const res = await t.request('GET', '/health/live', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('paths are case-sensitive (API.md): another spelling of a route is 404, never a second way in', async () => {
    const staff = await t.token('staff', 'alice@iacp');
    for (const path of [
      '/V1/public/stats',
      '/v1/Public/agencies',
      '/Health/live',
      '/METRICS',
      '/Docs-json',
      '/CONSOLE/app.js',
      '/ADMIN/queues',
      '/admin/Queues/api/queues',
    ]) {
      const res = await t.request('GET', path, { token: staff });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // The exact spellings do exist (so the 404s above are about the spelling).
    for (const path of ['/v1/public/stats', '/health/live', '/console/app.js', '/admin/queues/api/queues']) {
      expect({ path, status: (await t.request('GET', path, { token: staff })).status }).toEqual({
        path,
        status: 200,
      });
    }
  });

  it('no X-Powered-By from any mounted sub-application (console, docs, queue dashboard), nor on a 404', async () => {
    const staff = await t.token('staff', 'alice@iacp');
    const board = await t.request('GET', '/admin/queues', { token: staff });
    const asset = `/admin/queues/${/src="\/?(?:admin\/queues\/)?(static\/[^"]+\.js)"/.exec(board.text)?.[1]}`;
    const paths = [
      '/',
      '/console/app.js',
      '/docs/',
      '/docs-json',
      '/admin/queues',
      '/admin/queues/api/queues',
      asset,
      '/nope',
    ];
    const powered: string[] = [];
    for (const path of paths) {
      const res = await t.request('GET', path, { token: staff });
      if (res.headers.get('x-powered-by') !== null)
        powered.push(`${path} (${res.status}): ${res.headers.get('x-powered-by')}`);
    }
    expect(powered).toEqual([]);
  });

  it('the queue dashboard answers no-store, also when authenticated by its cookie (no Authorization header)', async () => {
    const staff = await t.token('staff', 'alice@iacp');
    const cookie = { headers: { cookie: `onemind_board_token=${staff}` } };
    const page = await t.request('GET', '/admin/queues', cookie);
    expect(page.status).toBe(200);
    const asset = `/admin/queues/${/src="\/?(?:admin\/queues\/)?(static\/[^"]+\.js)"/.exec(page.text)?.[1]}`;
    for (const path of [
      '/admin/queues',
      '/admin/queues/api/queues',
      '/admin/queues/api/redis/stats',
      asset,
    ]) {
      const res = await t.request('GET', path, cookie);
      expect({ path, status: res.status, cacheControl: res.headers.get('cache-control') }).toEqual({
        path,
        status: 200,
        cacheControl: 'no-store',
      });
    }
    expect((await t.request('GET', '/admin/queues/api/queues')).headers.get('cache-control')).toBe(
      'no-store',
    ); // the 401 too
  });
});
