import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response, Router } from 'express';
import { InvalidTokenError, type TokenVerifier } from '#auth';
import { problem, sendProblem } from '../infra/problem.js';

export const BOARD_PATH = '/admin/queues';
/**
 * Bull Board is a page with its own API calls, so a browser cannot add an Authorization header to
 * them: the console hands the staff token over in this cookie, scoped to the board's path and
 * SameSite=Strict (no other site can make the browser send it, so no cross-site request forgery).
 */
export const BOARD_COOKIE = 'onemind_board_token';

function bearerOrCookie(req: Request): string | undefined {
  const header = /^Bearer ([A-Za-z0-9_\-.]{10,8192})$/.exec(req.headers.authorization ?? '');
  if (header) return header[1];
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${BOARD_COOKIE}=`));
  const value = cookie?.slice(BOARD_COOKIE.length + 1);
  return value && /^[A-Za-z0-9_\-.]{10,8192}$/.test(value) ? value : undefined;
}

/**
 * Bull Board is an express router, outside Nest's guards, so it gets its own gate: a verified
 * bearer token (or the console's board cookie) with the staff role (401 / 403 problem+json
 * otherwise), checked with the same verifier as every route.
 */
export function staffOnly(verify: TokenVerifier) {
  return async (req: Request, res: Response, next: NextFunction) => {
    // Job data, and often authenticated by the cookie (no Authorization header, so the app-wide
    // no-store rule does not see it): no shared cache may keep any answer from here. Set before
    // the board runs; its static files keep it (serve-static only sets Cache-Control when absent).
    res.setHeader('Cache-Control', 'no-store');
    const token = bearerOrCookie(req);
    if (!token)
      return sendProblem(res, problem(401, 'a staff bearer token is required'), {
        'WWW-Authenticate': 'Bearer',
      });
    try {
      const principal = await verify(token);
      if (principal.role !== 'staff')
        return sendProblem(res, problem(403, `the ${principal.role} role may not see the queues`));
      next();
    } catch (err) {
      if (err instanceof InvalidTokenError)
        return sendProblem(res, problem(401, err.message), { 'WWW-Authenticate': 'Bearer' });
      next(err);
    }
  };
}

/** Bull Board is an Express application of its own: its settings are not the command app's. */
export function boardRouter(queues: Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
    serverAdapter,
  });
  const board = serverAdapter.getRouter() as Express;
  board.disable('x-powered-by'); // it enables it by default, whatever the app that mounts it says
  return board as unknown as Router;
}
