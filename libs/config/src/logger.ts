import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { LogLevel } from './env-schema.js';

export type { Logger } from 'pino';

/**
 * One pino logger per process: one JSON object per line, info and below on stdout, errors on
 * stderr, so logs can be shipped and queried. Callers pass structured fields; never tokens or
 * request bodies. Authorization headers and anything named like a token or secret are redacted
 * in case a caller forgets.
 */
export function createLogger(
  app: string,
  level: LogLevel,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Logger {
  return pino(
    {
      // `silent` keeps errors: a process that refuses to start must still say why.
      level: level === 'silent' ? 'error' : level,
      base: { app },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    // process.stdout/stderr write synchronously to files and pipes: nothing is lost at process.exit.
    pino.multistream(
      [
        { level: 'debug', stream: out },
        { level: 'error', stream: err },
      ],
      { dedupe: true },
    ),
  );
}

const REDACTED = ['authorization', 'cookie', 'token', 'secret', 'jwtSecret', 'password'].flatMap((k) => [
  k,
  `*.${k}`,
  `req.headers.${k}`,
]);

/** Nest's LoggerService over the process's pino logger (`context` becomes a field). */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug',
    message: unknown,
    context?: string,
    trace?: string,
  ) {
    const fields = typeof message === 'object' && message !== null ? message : { msg: String(message) };
    this.logger[level]({ ...(context ? { context } : {}), ...fields, ...(trace ? { trace } : {}) });
  }
}

/**
 * The process's own logger for code that is not wired through Nest (the projector, the read-model
 * runner, the event store): one per process, set from the configuration once it is read.
 */
let processLogger = createLogger('onemind', 'info');

export function useProcessLogger(app: string, level: LogLevel): void {
  processLogger = createLogger(app, level);
}

/** One JSON object per line (errors on stderr). */
export function logJson(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>): void {
  processLogger[level](fields);
}
