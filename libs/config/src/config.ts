import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { DEVELOPMENT_JWT_SECRET } from '#auth';
import type { DocumentsConfig } from './documents.config.js';
import { ConfigError, readEnv, type EnvValues, type LogLevel } from './env-schema.js';

export { ConfigError, parseWholeNumber, type LogLevel } from './env-schema.js';

/** BullMQ: where the queues live and how the command app's workers take jobs. */
export interface QueuesConfig {
  /** `ONEMIND_QUEUE_PREFIX`: `onemind` in production, else `onemind-<hash of the data folder>`. */
  prefix: string;
  /** `ONEMIND_WORKERS=off`: an HTTP-only command app. */
  workers: boolean;
  lockMs: number;
  concurrency: number;
}

export interface LeaseConfig {
  /** `auto`: on when Redis answers at start. */
  mode: 'on' | 'off' | 'auto';
  /** The lease's TTL; renewed every ttl/3. */
  ttlMs: number;
  /** How often a standby tries to take the lease. */
  pollMs: number;
  /** A standby on the same kernel and PID namespace takes the lease of a holder whose process is gone. */
  localTakeover: boolean;
}

export interface ProjectorConfig {
  /** Events per projection transaction. */
  batch: number;
  /** `ONEMIND_REACTORS=off`: read models only. */
  reactors: boolean;
  /** How long the read models may stay behind the log without moving before readiness fails (G13). */
  stallMs: number;
  lease: LeaseConfig;
}

/** Per minute; 0 switches a limit off. Under NODE_ENV=test both default to 0. */
export interface LimitsConfig {
  publicVerifyPerMin: number;
  writesPerMin: number;
  keyPrefix: string;
}

/** Every setting is an environment variable with a documented default (README, env-schema.ts). */
export interface Config {
  nodeEnv: string;
  production: boolean;
  port: number;
  projectorPort: number;
  dataDir: string;
  eventStore: 'sqlite' | 'kurrentdb' | 'postgres';
  kurrentDbUrl?: string;
  /** postgres://… for EVENT_STORE=postgres and READ_MODELS=postgres. */
  databaseUrl?: string;
  /** Where the read models and their checkpoints live (ADR 0010): SQLite files, or PostgreSQL schemas. */
  readModels: 'sqlite' | 'postgres';
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
  queues: QueuesConfig;
  projector: ProjectorConfig;
  limits: LimitsConfig;
  documents: DocumentsConfig;
  /** `from`: the sender of every e-mail; `staffEmail`: where submissions are announced (none: not sent). */
  mail: { from: string; staffEmail?: string };
  logLevel: LogLevel;
  /** ONEMIND_FOUR_EYES=on: an approval needs a requirement accepted by another staff member. */
  review: { fourEyes: boolean };
}

/** Reads and checks every variable once; each process calls this at start-up and passes the result down. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const v = readEnv(env);
  const production = v.NODE_ENV === 'production';
  const dataDir = resolve(v.ONEMIND_DATA_DIR);
  if (v.EVENT_STORE === 'kurrentdb' && !v.KURRENTDB_URL)
    throw new ConfigError('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
  if (v.EVENT_STORE === 'postgres' && !/^postgres(ql)?:\/\//.test(v.DATABASE_URL ?? ''))
    throw new ConfigError('EVENT_STORE=postgres needs DATABASE_URL=postgres://user@host:port/database');
  if (v.READ_MODELS === 'postgres' && !/^postgres(ql)?:\/\//.test(v.DATABASE_URL ?? ''))
    throw new ConfigError('READ_MODELS=postgres needs DATABASE_URL=postgres://user@host:port/database');
  return {
    nodeEnv: v.NODE_ENV,
    production,
    port: v.PORT,
    projectorPort: v.PROJECTOR_PORT ?? v.PORT + 1,
    dataDir,
    eventStore: v.EVENT_STORE,
    kurrentDbUrl: v.KURRENTDB_URL,
    databaseUrl: v.DATABASE_URL,
    readModels: v.READ_MODELS,
    redisUrl: v.REDIS_URL,
    ...auth(v, production),
    tokenMaxLifetimeSeconds: v.ONEMIND_TOKEN_MAX_LIFETIME,
    publicBaseUrl: (v.PUBLIC_BASE_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, ''),
    smtpUrl: v.SMTP_URL,
    corsOrigins: v.CORS_ORIGINS,
    clockOffsetMs: v.ONEMIND_CLOCK_OFFSET_MS,
    queues: {
      prefix: v.ONEMIND_QUEUE_PREFIX ?? defaultQueuePrefix(production, dataDir),
      workers: v.ONEMIND_WORKERS,
      lockMs: v.ONEMIND_WORKER_LOCK_MS,
      concurrency: v.ONEMIND_WORKER_CONCURRENCY,
    },
    projector: {
      batch: v.ONEMIND_PROJECTOR_BATCH,
      reactors: v.ONEMIND_REACTORS,
      stallMs: v.ONEMIND_PROJECTOR_STALL_MS,
      lease: {
        mode: v.ONEMIND_PROJECTOR_LEASE,
        ttlMs: v.ONEMIND_PROJECTOR_LEASE_MS,
        pollMs: v.ONEMIND_PROJECTOR_LEASE_POLL_MS,
        localTakeover: v.ONEMIND_PROJECTOR_LEASE_LOCAL_TAKEOVER,
      },
    },
    limits: limits(v),
    documents: {
      presidentName: v.IACP_PRESIDENT_NAME,
      presidentTitle: v.IACP_PRESIDENT_TITLE,
      signatureImage: v.IACP_PRESIDENT_SIGNATURE_IMAGE,
      sealImage: v.IACP_SEAL_IMAGE,
      campaignMarkImage: v.ONEMIND_CAMPAIGN_MARK_IMAGE,
    },
    mail: { from: v.ONEMIND_MAIL_FROM, staffEmail: v.ONEMIND_STAFF_EMAIL },
    logLevel: v.ONEMIND_LOG_LEVEL,
    review: { fourEyes: v.ONEMIND_FOUR_EYES },
  };
}

function auth(
  v: EnvValues,
  production: boolean,
): Pick<Config, 'jwtSecret' | 'jwksUrl' | 'jwtIssuer' | 'jwtAudience'> {
  const jwksUrl = v.ONEMIND_JWKS_URL;
  const jwtSecret = v.ONEMIND_JWT_SECRET;
  // G10: production never runs on a secret that is printed in this repository, or on none at all.
  if (production && !jwksUrl && (!jwtSecret || jwtSecret === DEVELOPMENT_JWT_SECRET)) {
    throw new ConfigError(
      'NODE_ENV=production needs ONEMIND_JWT_SECRET (not the development secret) or ONEMIND_JWKS_URL',
    );
  }
  // An OIDC issuer signs tokens for many applications; without an audience check any of them would do.
  if (production && jwksUrl && !v.ONEMIND_JWT_AUDIENCE) {
    throw new ConfigError(
      'NODE_ENV=production with ONEMIND_JWKS_URL needs ONEMIND_JWT_AUDIENCE (and should set ONEMIND_JWT_ISSUER)',
    );
  }
  if (jwtSecret && jwtSecret.length < 32 && production)
    throw new ConfigError('ONEMIND_JWT_SECRET must be at least 32 characters');
  return {
    jwtSecret: !jwtSecret && !jwksUrl ? DEVELOPMENT_JWT_SECRET : jwtSecret,
    jwksUrl,
    jwtIssuer: v.ONEMIND_JWT_ISSUER,
    jwtAudience: v.ONEMIND_JWT_AUDIENCE,
  };
}

/**
 * Several installations (or test runs) can share one Redis: outside production every data folder
 * gets its own queues, so no checkout or test app ever runs another's jobs (the command app, the
 * projector and the CLI on one data folder agree on it).
 */
function defaultQueuePrefix(production: boolean, dataDir: string): string {
  if (production) return 'onemind';
  return `onemind-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`;
}

/** Under NODE_ENV=test the limits default to off, so high-volume tests do not throttle each other through the shared Redis. */
function limits(v: EnvValues): LimitsConfig {
  const testing = v.NODE_ENV === 'test';
  return {
    publicVerifyPerMin: v.ONEMIND_PUBLIC_VERIFY_RATE_PER_MIN ?? (testing ? 0 : 100),
    writesPerMin: v.ONEMIND_WRITE_RATE_PER_MIN ?? (testing ? 0 : 600),
    keyPrefix: v.ONEMIND_RATE_LIMIT_PREFIX,
  };
}

export const eventLogFile = (c: Config): string => resolve(c.dataDir, 'events.sqlite');
export const readModelFile = (c: Config): string => resolve(c.dataDir, 'read-models.sqlite');
