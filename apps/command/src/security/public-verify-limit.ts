import type { NextFunction, Request, Response } from 'express';
import { problem, sendProblem } from '../infra/problem.js';
import type { RateLimiter } from './rate-limiter.js';

/** The public certificate check, by path pattern so it holds before (and whatever) the route is. */
export const PUBLIC_VERIFY_PATH = /^\/v1\/public\/certificates(\/|$)/;

/**
 * G9: guessing verification codes is bounded per client IP across every instance. Express
 * middleware rather than a guard so it also counts requests to numbers that do not exist (404s)
 * and runs before any route logic. The IP is the socket's (`trust proxy` is off, so a client
 * cannot pick its own bucket with X-Forwarded-For).
 */
export function publicVerifyLimit(limiter: RateLimiter) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const limit = limiter.settings.publicVerifyPerWindow;
    if (!limit || (req.method !== 'GET' && req.method !== 'HEAD') || !PUBLIC_VERIFY_PATH.test(req.path)) return next();
    try {
      const d = await limiter.take(`verify:ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`, limit);
      if (d.allowed) return next();
      sendProblem(res, problem(429, `at most ${limit} certificate checks per minute; retry in ${d.retryAfterSeconds} s`, { code: 'rate-limited' }), {
        'Retry-After': String(d.retryAfterSeconds),
      });
    } catch (err) {
      next(err);
    }
  };
}
