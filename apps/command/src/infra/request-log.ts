import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '#config';

type Next = (err?: unknown) => void;

/**
 * One JSON line per request: method, path (never the query string), status, ms. Never headers or
 * bodies: they carry tokens and officer refs. Plain Node middleware on the one pino logger, so it
 * does not tie the log to Express. Deliberately not pino-http: its per-request child logger and
 * request id cost measurable CPU on the write path (P1), and nothing reads them.
 */
export function requestLog(logger: Logger) {
  if (!logger.isLevelEnabled('info'))
    return (_req: IncomingMessage, _res: ServerResponse, next: Next) => next();
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: Next) => {
    const started = performance.now();
    res.on('finish', () => {
      // originalUrl: a mounted router (the console, bull-board) strips its prefix from req.url.
      const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
      const ms = Math.round(performance.now() - started);
      logger.info({ method: req.method, path, status: res.statusCode, ms }, 'http');
    });
    next();
  };
}
