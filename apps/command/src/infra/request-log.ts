import type { FastifyInstance } from 'fastify';
import type { Logger } from '#config';
import { httpResponses } from './metrics.js';

/**
 * One JSON line per request: method, path (never the query string), status, ms. Never headers or
 * bodies: they carry tokens and officer refs. Deliberately not pino-http (nor Fastify's own
 * logger): their per-request child logger and request id cost measurable CPU on the write path
 * (P1), and nothing reads them. The same hook counts responses for /metrics.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: Logger): void {
  const log = logger.isLevelEnabled('info');
  fastify.addHook('onResponse', (req, reply, done) => {
    const status = reply.statusCode;
    httpResponses.inc({ method: req.method, status: String(status) });
    if (log) {
      const url = req.url;
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      logger.info({ method: req.method, path, status, ms: Math.round(reply.elapsedTime) }, 'http');
    }
    done();
  });
}
