import { ConfigError, loadConfig } from './config.js';
import { ENV, readEnv } from './env-schema.js';

const bad: [string, string, RegExp][] = [
  ['IACP_PRESIDENT_SIGNATURE_IMAGE', '/nonexistent/signature.png', /must name a readable PNG or JPEG file/],
  [
    'IACP_SEAL_IMAGE',
    'package.json',
    /IACP_SEAL_IMAGE must be a PNG or JPEG file: "package.json" is neither/,
  ],
  ['ONEMIND_CAMPAIGN_MARK_IMAGE', '/nonexistent/mark.png', /ONEMIND_CAMPAIGN_MARK_IMAGE must name/],
  ['PORT', '-1', /PORT must be an integer >= 0, not "-1"/],
  ['PROJECTOR_PORT', '80.5', /PROJECTOR_PORT/],
  ['ONEMIND_CLOCK_OFFSET_MS', 'soon', /ONEMIND_CLOCK_OFFSET_MS must be an integer, not "soon"/],
  ['EVENT_STORE', 'mongo', /EVENT_STORE must be sqlite, kurrentdb, postgres, not "mongo"/],
  ['READ_MODELS', 'mysql', /READ_MODELS must be sqlite, postgres, not "mysql"/],
  [
    'ONEMIND_TOKEN_MAX_LIFETIME',
    '1e3',
    /ONEMIND_TOKEN_MAX_LIFETIME must be a duration such as 3600, 90m, 24h or 7d, not "1e3"/,
  ],
  ['ONEMIND_PROJECTOR_STALL_MS', '0x10', /ONEMIND_PROJECTOR_STALL_MS must be an integer >= 1, not "0x10"/],
  ['PUBLIC_BASE_URL', 'onemind.example', /PUBLIC_BASE_URL must be an http\(s\) URL/],
  ['ONEMIND_JWKS_URL', 'ftp://idp.example/jwks', /ONEMIND_JWKS_URL must be an http\(s\) URL/],
  [
    'ONEMIND_STAFF_EMAIL',
    'Reviews <reviews@theiacp.org>\r\nBcc: x@y.z',
    /ONEMIND_STAFF_EMAIL must be one e-mail address such as reviews@theiacp.org/,
  ],
  ['ONEMIND_WORKERS', 'no', /ONEMIND_WORKERS must be on, off, not "no"/],
  ['ONEMIND_WORKER_LOCK_MS', '0', /ONEMIND_WORKER_LOCK_MS must be an integer >= 1/],
  ['ONEMIND_WORKER_CONCURRENCY', 'four', /ONEMIND_WORKER_CONCURRENCY/],
  ['ONEMIND_PROJECTOR_BATCH', '0', /ONEMIND_PROJECTOR_BATCH must be an integer >= 1, not "0"/],
  ['ONEMIND_REACTORS', 'false', /ONEMIND_REACTORS must be on, off/],
  ['ONEMIND_FOUR_EYES', 'yes', /ONEMIND_FOUR_EYES must be on, off, not "yes"/],
  ['ONEMIND_PROJECTOR_LEASE', 'maybe', /ONEMIND_PROJECTOR_LEASE must be on, off, auto, not "maybe"/],
  ['ONEMIND_PROJECTOR_LEASE_MS', '100', /ONEMIND_PROJECTOR_LEASE_MS must be an integer >= 300/],
  ['ONEMIND_PROJECTOR_LEASE_POLL_MS', '10', /ONEMIND_PROJECTOR_LEASE_POLL_MS must be an integer >= 50/],
  ['ONEMIND_PROJECTOR_LEASE_LOCAL_TAKEOVER', 'yes', /ONEMIND_PROJECTOR_LEASE_LOCAL_TAKEOVER must be on, off/],
  [
    'ONEMIND_LOG_LEVEL',
    'verbose',
    /ONEMIND_LOG_LEVEL must be silent, error, warn, info, debug, not "verbose"/,
  ],
  ['ONEMIND_PUBLIC_VERIFY_RATE_PER_MIN', '-5', /ONEMIND_PUBLIC_VERIFY_RATE_PER_MIN must be an integer >= 0/],
  ['ONEMIND_WRITE_RATE_PER_MIN', '1e400', /ONEMIND_WRITE_RATE_PER_MIN/],
];

describe('the configuration schema', () => {
  it('gives every documented default when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      nodeEnv: 'development',
      production: false,
      port: 3000,
      projectorPort: 3001,
      eventStore: 'sqlite',
      readModels: 'sqlite',
      redisUrl: 'redis://127.0.0.1:6379',
      publicBaseUrl: 'http://localhost:3000',
      corsOrigins: [],
      clockOffsetMs: 0,
      logLevel: 'info',
      mail: { from: 'One Mind Campaign <onemind@theiacp.org>' },
      documents: {
        presidentName: 'The President of the IACP',
        presidentTitle: 'President, International Association of Chiefs of Police',
      },
      queues: { workers: true, lockMs: 30_000, concurrency: 4 },
      projector: {
        batch: 1000,
        reactors: true,
        lease: { mode: 'auto', ttlMs: 10_000, pollMs: 1_000, localTakeover: true },
      },
      limits: { publicVerifyPerMin: 100, writesPerMin: 600, keyPrefix: 'onemind:rl:' },
    });
    expect(c.queues.prefix).toMatch(/^onemind-[0-9a-f]{12}$/);
  });

  it('derives the defaults that depend on other settings', () => {
    const c = loadConfig({ PORT: '8080', NODE_ENV: 'test', ONEMIND_DATA_DIR: '/srv/a' });
    expect(c).toMatchObject({
      projectorPort: 8081,
      publicBaseUrl: 'http://localhost:8080',
      limits: { publicVerifyPerMin: 0, writesPerMin: 0 },
    });
    expect(c.queues.prefix).not.toBe(loadConfig({ ONEMIND_DATA_DIR: '/srv/b' }).queues.prefix);
    expect(
      loadConfig({ NODE_ENV: 'production', ONEMIND_JWT_SECRET: 'a-production-secret-of-at-least-32-chars!' })
        .queues.prefix,
    ).toBe('onemind');
  });

  it('reads every set value, and treats an empty one as unset', () => {
    const c = loadConfig({
      ONEMIND_QUEUE_PREFIX: 'q',
      ONEMIND_WORKERS: 'off',
      ONEMIND_WORKER_LOCK_MS: '500',
      ONEMIND_PROJECTOR_BATCH: '50',
      ONEMIND_REACTORS: 'off',
      ONEMIND_FOUR_EYES: 'on',
      ONEMIND_PROJECTOR_LEASE: 'on',
      ONEMIND_PROJECTOR_LEASE_LOCAL_TAKEOVER: 'off',
      ONEMIND_LOG_LEVEL: 'silent',
      ONEMIND_WRITE_RATE_PER_MIN: '5',
      IACP_PRESIDENT_NAME: '  Chief Jane Q. Example ',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      PUBLIC_BASE_URL: 'https://onemind.example/',
      ONEMIND_CLOCK_OFFSET_MS: '-60000',
      PORT: '',
    });
    expect(c).toMatchObject({
      port: 3000,
      clockOffsetMs: -60_000,
      logLevel: 'silent',
      publicBaseUrl: 'https://onemind.example',
      corsOrigins: ['https://a.example', 'https://b.example'],
      queues: { prefix: 'q', workers: false, lockMs: 500 },
      projector: { batch: 50, reactors: false, lease: { mode: 'on', localTakeover: false } },
      limits: { writesPerMin: 5, publicVerifyPerMin: 100 },
      documents: { presidentName: 'Chief Jane Q. Example' },
      review: { fourEyes: true },
    });
    expect(loadConfig({}).review).toEqual({ fourEyes: false });
  });

  it.each(bad)(
    'refuses %s=%s with a ConfigError naming the variable and the value',
    (name, value, message) => {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(message);
    },
  );

  it('covers every variable with a refusal above, or has nothing to refuse (free text)', () => {
    const free = [
      'NODE_ENV',
      'CORS_ORIGINS',
      'ONEMIND_DATA_DIR',
      'KURRENTDB_URL',
      'DATABASE_URL',
      'REDIS_URL',
      'ONEMIND_QUEUE_PREFIX',
      'ONEMIND_JWT_SECRET',
      'ONEMIND_JWT_ISSUER',
      'ONEMIND_JWT_AUDIENCE',
      'IACP_PRESIDENT_NAME',
      'IACP_PRESIDENT_TITLE',
      'SMTP_URL',
      'ONEMIND_MAIL_FROM',
      'ONEMIND_RATE_LIMIT_PREFIX',
    ];
    expect([...bad.map(([n]) => n), ...free].sort()).toEqual(Object.keys(ENV).sort());
    for (const name of free) expect(() => readEnv({ [name]: 'anything at all' })).not.toThrow();
  });

  it('never echoes a password inside a refused URL', () => {
    expect(() => loadConfig({ ONEMIND_JWKS_URL: 'ldap://user:hunter2-secret@idp.example' })).toThrow(
      /ONEMIND_JWKS_URL must be an http\(s\) URL, not \(value hidden\)/,
    );
  });
});
