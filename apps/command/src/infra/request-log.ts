import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '#config';

/**
 * One JSON line per request: method, path (never the query string), status, ms. Never headers or
 * bodies: they carry tokens and officer refs. Plain Node middleware (pino-http), so it does not tie
 * the log to Express.
 */
export function requestLog(logger: Logger) {
  // originalUrl: a mounted router (the console, bull-board) strips its prefix from req.url.
  const path = (req: IncomingMessage & { originalUrl?: string }) =>
    (req.originalUrl ?? req.url ?? '').split('?')[0];
  const fields = (req: IncomingMessage, res: ServerResponse, ms: number) => ({
    method: req.method,
    path: path(req),
    status: res.statusCode,
    ms,
  });
  return pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: () => 'info',
    customSuccessMessage: () => 'http',
    customErrorMessage: () => 'http',
    customSuccessObject: (req, res, val: { responseTime: number }) => fields(req, res, val.responseTime),
    customErrorObject: (req, res, _err, val: { responseTime: number }) => fields(req, res, val.responseTime),
  });
}
