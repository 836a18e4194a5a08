import { readFileSync } from 'node:fs';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, parseDurationSeconds } from '#auth';

/**
 * Every environment variable the processes read, one entry each: its group, how its text becomes a
 * value, its default. Nothing else in apps/ or libs/ reads process.env for a setting; loadConfig
 * (config.ts) reads this once at start-up and derives the defaults that depend on other settings.
 * README's "Configuration" table names exactly the entries that are not `internal`
 * (env-schema.readme.spec.ts keeps the two from drifting apart).
 */
export class ConfigError extends Error {}

export type Group =
  | 'runtime'
  | 'http'
  | 'store'
  | 'redis'
  | 'queues'
  | 'auth'
  | 'documents'
  | 'mail'
  | 'projector'
  | 'logging'
  | 'limits'
  | 'review';

export interface Variable<T> {
  group: Group;
  /** Left out of README's table, and why (test knobs). Every other variable is documented there. */
  internal?: string;
  /** `raw` is undefined when the variable is unset or empty. Throws a ConfigError naming `name`. */
  read(raw: string | undefined, name: string): T;
}

type Opts = { internal?: string };

export const text = (group: Group, opts: Opts = {}): Variable<string | undefined> => ({
  group,
  ...opts,
  read: (raw) => raw,
});

export const textOr = (group: Group, fallback: string, opts: Opts = {}): Variable<string> => ({
  group,
  ...opts,
  read: (raw) => raw?.trim() || fallback,
});

export function integer(group: Group, fallback: number, min = 0, opts: Opts = {}): Variable<number> {
  return {
    group,
    ...opts,
    read: (raw, name) => (raw === undefined ? fallback : parseInteger(raw, name, min)),
  };
}

/** No default of its own: loadConfig derives one from other settings. */
export function optionalInteger(group: Group, min = 0, opts: Opts = {}): Variable<number | undefined> {
  return {
    group,
    ...opts,
    read: (raw, name) => (raw === undefined ? undefined : parseInteger(raw, name, min)),
  };
}

/** Plain decimal digits only: Number() would also take `0x10`, `1e3` or ` ` (G8, the same rule as user input). */
export function parseWholeNumber(value: string, allowNegative = false): number | null {
  if (!(allowNegative ? /^-?\d{1,15}$/ : /^\d{1,15}$/).test(value)) return null;
  return Number(value);
}

function parseInteger(raw: string, name: string, min: number): number {
  const n = parseWholeNumber(raw, min < 0) ?? NaN;
  const bound = min > 0 ? ` >= ${min}` : min === 0 ? ' >= 0' : '';
  if (!Number.isInteger(n) || n < min)
    throw new ConfigError(`${name} must be an integer${bound}, not "${raw}"`);
  return n;
}

export function oneOf<const V extends string>(
  group: Group,
  values: readonly V[],
  fallback: V,
  opts: Opts = {},
): Variable<V> {
  return {
    group,
    ...opts,
    read: (raw, name) => {
      const v = raw ?? fallback;
      if (!(values as readonly string[]).includes(v))
        throw new ConfigError(`${name} must be ${values.join(', ')}, not "${v}"`);
      return v as V;
    },
  };
}

/** `on` | `off` as a boolean. */
export function onOff(group: Group, fallback: 'on' | 'off', opts: Opts = {}): Variable<boolean> {
  const v = oneOf(group, ['on', 'off'], fallback, opts);
  return { ...v, read: (raw, name) => v.read(raw, name) === 'on' };
}

/** An absolute http(s) URL, so a typo fails at start-up rather than at the first request. */
/** One plain address (`staff@theiacp.org`): no display name, no list, nothing that could add a header. */
export const emailAddress = (group: Group, opts: Opts = {}): Variable<string | undefined> => ({
  group,
  ...opts,
  read: (raw, name) => {
    if (raw === undefined) return undefined;
    if (!/^[^@\s<>,;"]+@[^@\s<>,;"]+\.[^@\s<>,;"]+$/.test(raw))
      throw new ConfigError(`${name} must be one e-mail address such as reviews@theiacp.org, not "${raw}"`);
    return raw;
  },
});

export const httpUrl = (group: Group, opts: Opts = {}): Variable<string | undefined> => ({
  group,
  ...opts,
  read: (raw, name) => {
    if (raw === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    // A URL with a password in it is not echoed back: start-up errors end up in logs.
    const shown = url?.password ? '(value hidden)' : `"${raw}"`;
    if (!url || !/^https?:$/.test(url.protocol))
      throw new ConfigError(`${name} must be an http(s) URL, not ${shown}`);
    return raw;
  },
});

/**
 * The path of a PNG or JPEG file the documents print (a seal, a signature): checked at start-up,
 * so a typo fails there rather than in the first document job after an approval.
 */
export const imageFile = (group: Group, opts: Opts = {}): Variable<string | undefined> => ({
  group,
  ...opts,
  read: (raw, name) => {
    if (raw === undefined) return undefined;
    let head: Buffer;
    try {
      head = readFileSync(raw).subarray(0, 4);
    } catch {
      throw new ConfigError(`${name} must name a readable PNG or JPEG file, not "${raw}"`);
    }
    const png = head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const jpeg = head[0] === 0xff && head[1] === 0xd8;
    if (!png && !jpeg) throw new ConfigError(`${name} must be a PNG or JPEG file: "${raw}" is neither`);
    return raw;
  },
});

export const list = (group: Group, opts: Opts = {}): Variable<string[]> => ({
  group,
  ...opts,
  read: (raw) =>
    (raw ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
});

/** `3600`, `90m`, `24h`, `7d` → seconds (the syntax `onemind token --ttl` takes too). */
export function duration(group: Group, fallbackSeconds: number, opts: Opts = {}): Variable<number> {
  return {
    group,
    ...opts,
    read: (raw, name) => {
      if (raw === undefined) return fallbackSeconds;
      const seconds = parseDurationSeconds(raw);
      if (seconds === null)
        throw new ConfigError(`${name} must be a duration such as 3600, 90m, 24h or 7d, not "${raw}"`);
      return seconds;
    },
  };
}

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The schema. To add a setting: one entry here, its README row, and its field in config.ts. */
export const ENV = {
  NODE_ENV: textOr('runtime', 'development'),
  ONEMIND_CLOCK_OFFSET_MS: integer('runtime', 0, Number.MIN_SAFE_INTEGER, {
    internal: 'shifts this process clock in tests of a fast or slow worker clock',
  }),

  PORT: integer('http', 3000),
  PROJECTOR_PORT: optionalInteger('http'),
  PUBLIC_BASE_URL: httpUrl('http'),
  CORS_ORIGINS: list('http'),

  ONEMIND_DATA_DIR: textOr('store', './data'),
  EVENT_STORE: oneOf('store', ['sqlite', 'kurrentdb', 'postgres'], 'sqlite'),
  KURRENTDB_URL: text('store'),
  DATABASE_URL: text('store'),
  READ_MODELS: oneOf('store', ['sqlite', 'postgres'], 'sqlite'),

  REDIS_URL: textOr('redis', 'redis://127.0.0.1:6379'),
  ONEMIND_QUEUE_PREFIX: text('queues'),
  ONEMIND_WORKERS: onOff('queues', 'on'),
  ONEMIND_WORKER_LOCK_MS: integer('queues', 30_000, 1),
  ONEMIND_WORKER_CONCURRENCY: integer('queues', 4, 1),

  ONEMIND_JWT_SECRET: text('auth'),
  ONEMIND_JWKS_URL: httpUrl('auth'),
  ONEMIND_JWT_ISSUER: text('auth'),
  ONEMIND_JWT_AUDIENCE: text('auth'),
  ONEMIND_TOKEN_MAX_LIFETIME: duration('auth', DEFAULT_TOKEN_MAX_LIFETIME_SECONDS),

  IACP_PRESIDENT_NAME: textOr('documents', 'The President of the IACP'),
  IACP_PRESIDENT_TITLE: textOr('documents', 'President, International Association of Chiefs of Police'),
  IACP_PRESIDENT_SIGNATURE_IMAGE: imageFile('documents'),
  IACP_SEAL_IMAGE: imageFile('documents'),
  ONEMIND_CAMPAIGN_MARK_IMAGE: imageFile('documents'),
  SMTP_URL: text('mail'),
  ONEMIND_MAIL_FROM: textOr('mail', 'One Mind Campaign <onemind@theiacp.org>'),
  ONEMIND_STAFF_EMAIL: emailAddress('mail'),

  ONEMIND_PROJECTOR_BATCH: integer('projector', 1000, 1),
  ONEMIND_REACTORS: onOff('projector', 'on'),
  ONEMIND_PROJECTOR_STALL_MS: integer('projector', 30_000, 1),
  ONEMIND_PROJECTOR_LEASE: oneOf('projector', ['on', 'off', 'auto'], 'auto'),
  ONEMIND_PROJECTOR_LEASE_MS: integer('projector', 10_000, 300),
  ONEMIND_PROJECTOR_LEASE_POLL_MS: integer('projector', 1_000, 50),
  ONEMIND_PROJECTOR_LEASE_LOCAL_TAKEOVER: onOff('projector', 'on'),

  ONEMIND_LOG_LEVEL: oneOf('logging', LOG_LEVELS, 'info'),

  ONEMIND_FOUR_EYES: onOff('review', 'off'),

  ONEMIND_PUBLIC_VERIFY_RATE_PER_MIN: optionalInteger('limits'),
  ONEMIND_WRITE_RATE_PER_MIN: optionalInteger('limits'),
  ONEMIND_RATE_LIMIT_PREFIX: textOr('limits', 'onemind:rl:'),
} satisfies Record<string, Variable<unknown>>;

export type EnvValues = { [K in keyof typeof ENV]: ReturnType<(typeof ENV)[K]['read']> };

/** Parses every variable; the first bad one throws a ConfigError naming it. */
export function readEnv(env: NodeJS.ProcessEnv): EnvValues {
  const entries = Object.entries(ENV).map(([name, v]: [string, Variable<unknown>]) => {
    const raw = env[name];
    return [name, v.read(raw === '' ? undefined : raw, name)];
  });
  return Object.fromEntries(entries) as EnvValues;
}
