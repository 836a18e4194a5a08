import { DEVELOPMENT_JWT_SECRET } from '../../auth/src/index.js';
import { ConfigError, loadConfig } from './config.js';

const strong = 'a-production-secret-of-at-least-32-chars!';

describe('loadConfig (G10: unsafe settings are refused)', () => {
  it('uses the development secret outside production', () => {
    expect(loadConfig({}).jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it.each([
    ['no secret', {}],
    ['the development secret', { ONEMIND_JWT_SECRET: DEVELOPMENT_JWT_SECRET }],
    ['a short secret', { ONEMIND_JWT_SECRET: 'short' }],
    ['a JWKS URL without an audience', { ONEMIND_JWKS_URL: 'https://idp.example/jwks' }],
  ])('refuses production with %s', (_label, env) => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...env })).toThrow(ConfigError);
  });

  it('accepts production with a strong secret, or a JWKS URL and an audience', () => {
    expect(loadConfig({ NODE_ENV: 'production', ONEMIND_JWT_SECRET: strong }).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ONEMIND_JWKS_URL: 'https://idp.example/jwks', ONEMIND_JWT_AUDIENCE: 'onemind' }).jwksUrl).toBeDefined();
  });

  it('refuses a malformed port or an unknown event store, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ EVENT_STORE: 'mongo' })).toThrow(/EVENT_STORE/);
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('EVENT_STORE=postgres takes its DATABASE_URL', () => {
    const config = loadConfig({
      EVENT_STORE: 'postgres',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/onemind',
    });
    expect(config).toMatchObject({
      eventStore: 'postgres',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/onemind',
    });
  });
});
