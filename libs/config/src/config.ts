import { resolve } from 'node:path';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, DEVELOPMENT_JWT_SECRET, parseDurationSeconds } from '../../auth/src/index.js';

/** Every setting is an environment variable with a documented default (README, API.md). */
export interface Config {
  nodeEnv: string;
  production: boolean;
  port: number;
  projectorPort: number;
  dataDir: string;
  eventStore: 'sqlite' | 'kurrentdb' | 'postgres';
  kurrentDbUrl?: string;
  /** postgres://… for EVENT_STORE=postgres (the log only; read models stay in SQLite for now). */
  databaseUrl?: string;
  redisUrl: string;
  jwtSecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** ONEMIND_TOKEN_MAX_LIFETIME (`24h`, `90m`, `3600`…): tokens living longer are refused, and not minted by the CLI. */
  tokenMaxLifetimeSeconds: number;
  publicBaseUrl: string;
  smtpUrl?: string;
  corsOrigins: string[];
  /** Shifts this process's clock (tests of "a worker whose clock is fast"); 0 in real use. */
  clockOffsetMs: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const port = intOf(env.PORT, 3000, 'PORT');
  const eventStore = (env.EVENT_STORE ?? 'sqlite') as Config['eventStore'];
  if (!['sqlite', 'kurrentdb', 'postgres'].includes(eventStore)) throw new ConfigError(`EVENT_STORE must be sqlite, kurrentdb or postgres, not "${eventStore}"`);
  if (eventStore === 'kurrentdb' && !env.KURRENTDB_URL) throw new ConfigError('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
  if (eventStore === 'postgres' && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '')) throw new ConfigError('EVENT_STORE=postgres needs DATABASE_URL=postgres://user@host:port/database');
  let jwtSecret = env.ONEMIND_JWT_SECRET || undefined;
  // G10: production never runs on a secret that is printed in this repository, or on none at all.
  if (production && !env.ONEMIND_JWKS_URL && (!jwtSecret || jwtSecret === DEVELOPMENT_JWT_SECRET)) {
    throw new ConfigError('NODE_ENV=production needs ONEMIND_JWT_SECRET (not the development secret) or ONEMIND_JWKS_URL');
  }
  // An OIDC issuer signs tokens for many applications; without an audience check any of them would do.
  if (production && env.ONEMIND_JWKS_URL && !env.ONEMIND_JWT_AUDIENCE) {
    throw new ConfigError('NODE_ENV=production with ONEMIND_JWKS_URL needs ONEMIND_JWT_AUDIENCE (and should set ONEMIND_JWT_ISSUER)');
  }
  if (jwtSecret && jwtSecret.length < 32 && production) throw new ConfigError('ONEMIND_JWT_SECRET must be at least 32 characters');
  if (!jwtSecret && !env.ONEMIND_JWKS_URL) jwtSecret = DEVELOPMENT_JWT_SECRET;
  return {
    nodeEnv,
    production,
    port,
    projectorPort: intOf(env.PROJECTOR_PORT, port + 1, 'PROJECTOR_PORT'),
    dataDir: resolve(env.ONEMIND_DATA_DIR ?? './data'),
    eventStore,
    kurrentDbUrl: env.KURRENTDB_URL,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    jwtSecret,
    jwksUrl: env.ONEMIND_JWKS_URL,
    jwtIssuer: env.ONEMIND_JWT_ISSUER,
    jwtAudience: env.ONEMIND_JWT_AUDIENCE,
    tokenMaxLifetimeSeconds: durationOf(env.ONEMIND_TOKEN_MAX_LIFETIME, DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, 'ONEMIND_TOKEN_MAX_LIFETIME'),
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    smtpUrl: env.SMTP_URL,
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    clockOffsetMs: intOf(env.ONEMIND_CLOCK_OFFSET_MS, 0, 'ONEMIND_CLOCK_OFFSET_MS', true),
  };
}

/** Plain decimal digits only: Number() would also take `0x10`, `1e3` or ` ` (G8, the same rule as user input). */
function intOf(value: string | undefined, fallback: number, name: string, allowNegative = false): number {
  if (value === undefined || value === '') return fallback;
  const n = parseWholeNumber(value, allowNegative);
  if (n === null) throw new ConfigError(`${name} must be ${allowNegative ? 'an integer' : 'a whole number'}, not "${value}"`);
  return n;
}

export function parseWholeNumber(value: string, allowNegative = false): number | null {
  if (!(allowNegative ? /^-?\d{1,15}$/ : /^\d{1,15}$/).test(value)) return null;
  return Number(value);
}

function durationOf(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const seconds = parseDurationSeconds(value);
  if (seconds === null) throw new ConfigError(`${name} must be a duration such as 3600, 90m, 24h or 7d, not "${value}"`);
  return seconds;
}

export const eventLogFile = (c: Config): string => resolve(c.dataDir, 'events.sqlite');
export const readModelFile = (c: Config): string => resolve(c.dataDir, 'read-models.sqlite');
