import { DEVELOPMENT_JWT_SECRET } from '#auth';
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
    expect(
      loadConfig({
        NODE_ENV: 'production',
        ONEMIND_JWKS_URL: 'https://idp.example/jwks',
        ONEMIND_JWT_AUDIENCE: 'onemind',
      }).jwksUrl,
    ).toBeDefined();
  });

  it('refuses a malformed port or an unknown event store, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ EVENT_STORE: 'mongo' })).toThrow(/EVENT_STORE/);
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ READ_MODELS: 'postgres' })).toThrow(/READ_MODELS=postgres needs DATABASE_URL/);
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

  it.each(['0x10', '0b11', '1e3', ' 80', '80.0', '+80'])(
    'refuses PORT=%j: only plain decimal digits (issue 13 item 8)',
    (port) => {
      expect(() => loadConfig({ PORT: port })).toThrow(/PORT must be/);
    },
  );

  it('reads ONEMIND_TOKEN_MAX_LIFETIME as a duration, 24 h by default, and refuses anything else', () => {
    expect(loadConfig({}).tokenMaxLifetimeSeconds).toBe(86_400);
    expect(loadConfig({ ONEMIND_TOKEN_MAX_LIFETIME: '90m' }).tokenMaxLifetimeSeconds).toBe(5_400);
    expect(loadConfig({ ONEMIND_TOKEN_MAX_LIFETIME: '3600' }).tokenMaxLifetimeSeconds).toBe(3_600);
    for (const bad of ['0', '1e4', '24 hours', '-1h'])
      expect(() => loadConfig({ ONEMIND_TOKEN_MAX_LIFETIME: bad })).toThrow(/ONEMIND_TOKEN_MAX_LIFETIME/);
  });
});
