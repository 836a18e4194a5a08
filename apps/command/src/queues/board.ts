import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response, Router } from 'express';
import { InvalidTokenError, type TokenVerifier } from '../../../../libs/auth/src/index.js';
import { problem, sendProblem } from '../infra/problem.js';

export const BOARD_PATH = '/admin/queues';

/**
 * Bull Board is an express router, outside Nest's guards, so it gets its own gate: a verified
 * bearer token with the staff role (401 / 403 problem+json otherwise), checked with the same
 * verifier as every route.
 */
export function staffOnly(verify: TokenVerifier) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,8192})$/.exec(req.headers.authorization ?? '');
    if (!match) return sendProblem(res, problem(401, 'a staff bearer token is required'), { 'WWW-Authenticate': 'Bearer' });
    try {
      const principal = await verify(match[1]);
      if (principal.role !== 'staff') return sendProblem(res, problem(403, `the ${principal.role} role may not see the queues`));
      next();
    } catch (err) {
      if (err instanceof InvalidTokenError) return sendProblem(res, problem(401, err.message), { 'WWW-Authenticate': 'Bearer' });
      next(err);
    }
  };
}

export function boardRouter(queues: Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter });
  return serverAdapter.getRouter() as Router;
}
