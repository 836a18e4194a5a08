import type { LoggerService } from '@nestjs/common';

/**
 * One JSON object per line on stdout (stderr for errors), so logs can be shipped and queried.
 * Callers pass structured fields; never pass tokens or request bodies.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly app: string, private readonly quiet = process.env.ONEMIND_LOG_LEVEL === 'silent') {}

  log(message: unknown, context?: string) { this.write('info', message, context); }
  error(message: unknown, trace?: string, context?: string) { this.write('error', message, context, trace); }
  warn(message: unknown, context?: string) { this.write('warn', message, context); }
  debug(message: unknown, context?: string) { if (process.env.ONEMIND_LOG_LEVEL === 'debug') this.write('debug', message, context); }
  verbose(message: unknown, context?: string) { this.debug(message, context); }

  private write(level: string, message: unknown, context?: string, trace?: string) {
    if (this.quiet && level !== 'error') return;
    const fields = typeof message === 'object' && message !== null ? message : { msg: String(message) };
    const line = JSON.stringify({ time: new Date().toISOString(), level, app: this.app, ...(context ? { context } : {}), ...fields, ...(trace ? { trace } : {}) });
    (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  }
}
