import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { InvalidTokenError, type TokenVerifier } from '#auth';
import type { HttpReply, HttpRequest } from '../infra/http.js';
import { problem, sendProblem } from '../infra/problem.js';

export const BOARD_PATH = '/admin/queues';
/**
 * Bull Board is a page with its own API calls, so a browser cannot add an Authorization header to
 * them: the console hands the staff token over in this cookie, scoped to the board's path and
 * SameSite=Strict (no other site can make the browser send it, so no cross-site request forgery).
 */
export const BOARD_COOKIE = 'onemind_board_token';

function bearerOrCookie(req: HttpRequest): string | undefined {
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
 * Bull Board is a Fastify plugin outside Nest's guards, so it gets its own gate: a verified
 * bearer token (or the console's board cookie) with the staff role (401 / 403 problem+json
 * otherwise), checked with the same verifier as every route.
 */
const BEARER = { 'WWW-Authenticate': 'Bearer' };

export function staffOnly(verify: TokenVerifier) {
  return async (req: HttpRequest, res: HttpReply) => {
    // Job data, and often authenticated by the cookie (no Authorization header, so the app-wide
    // no-store rule does not see it): no shared cache may keep any answer from here. Set before
    // the board runs; its static files keep it (@fastify/send only sets Cache-Control when absent).
    res.header('Cache-Control', 'no-store');
    const token = bearerOrCookie(req);
    // An async hook that answers returns the reply, so Fastify does not run the board's handler.
    const refuse = (p: ReturnType<typeof problem>, headers?: Record<string, string>) => {
      sendProblem(res, p, headers);
      return res;
    };
    if (!token) return refuse(problem(401, 'a staff bearer token is required'), BEARER);
    try {
      const principal = await verify(token);
      if (principal.role !== 'staff')
        return refuse(problem(403, `the ${principal.role} role may not see the queues`));
    } catch (err) {
      if (err instanceof InvalidTokenError) return refuse(problem(401, err.message), BEARER);
      throw err;
    }
  };
}

/** Bull Board in its own encapsulated scope at BOARD_PATH, behind `staffOnly`. */
export async function mountBoard(fastify: FastifyInstance, queues: Queue[], verify: TokenVerifier) {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
    serverAdapter,
  });
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', staffOnly(verify));
      // The board's static files would go out `public, max-age=0` (@fastify/static sets it): not here.
      scope.addHook('onSend', (_req, reply, payload, done) => {
        reply.header('Cache-Control', 'no-store');
        done(null, payload);
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: BOARD_PATH },
  );
}
