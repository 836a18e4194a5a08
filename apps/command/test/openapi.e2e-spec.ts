import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from './support/test-app.js';

// The project's own contract (docs/api.md), so that a clone without the workspace around it runs this test.
const API_MD = join(process.cwd(), 'docs', 'api.md');

/** Every `METHOD /path` docs/api.md names (its `.../x.pdf` shorthand expanded), but the document itself. */
function contractRoutes(): string[] {
  const spans = readFileSync(API_MD, 'utf8').match(/`(GET|POST) [^`]+`/g) ?? [];
  return spans
    .flatMap((span) => {
      const [method, paths] = span.slice(1, -1).split(/ (.*)/s);
      return paths.split(/,\s*/).map(
        (p) =>
          `${method} ${p
            .replace(/\?.*/, '')
            .replace(/^\.\.\.\//, '/v1/agencies/{agencyId}/')
            .trim()}`,
      );
    })
    .filter((r) => r !== 'GET /docs-json');
}

describe('the OpenAPI document agrees with docs/api.md (e2e)', () => {
  const t = new TestApp();
  beforeAll(() => t.start());
  afterAll(() => t.stop());

  it('describes every route of the contract', async () => {
    const docs = await t.request('GET', '/docs-json');
    const described = new Set(
      Object.entries(docs.json.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const routes = contractRoutes();
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => !described.has(r))).toEqual([]);
  });

  it('describes the query parameters of the read side (from the query DTOs)', async () => {
    const docs = await t.request('GET', '/docs-json');
    const query = (path: string) =>
      Object.fromEntries(
        ((docs.json.paths[path]?.get?.parameters ?? []) as { in: string; name: string; required: boolean }[])
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, p.required]),
      );
    expect(query('/v1/agencies')).toEqual({
      status: false,
      region: false,
      q: false,
      sort: false,
      page: false,
      pageSize: false,
    });
    expect(query('/v1/agencies/{agencyId}/officers')).toEqual({ covered: false, expiringWithinDays: false });
    expect(query('/v1/public/agencies')).toEqual({
      status: false,
      region: false,
      campaign: false,
      format: false,
    });
    expect(query('/v1/public/certificates/{number}')).toEqual({ code: true });
  });
});
