import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AGENCY_ID_PATTERN } from '#events';
import { TOKEN_ROLES, signDevelopmentToken, type TokenRole } from '#auth';
import type { Config } from '#config';
import type { HttpReply, HttpRequest } from '../infra/http.js';
import { problem, sendProblem } from '../infra/problem.js';

/**
 * The web console: static files (no build step) next to this module. `tsc` does not copy them, so
 * `scripts/copy-assets.mjs` (part of `npm run build`) copies `public/` into dist; in tests (ts-jest)
 * this module runs from the source tree and finds them beside it. One path for both.
 */
export const CONSOLE_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** The console's pages only (the global security headers carry no CSP because of Swagger UI): same-origin everything. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // Staff open evidence in place: the document is fetched with the token and framed from a blob: URL.
  'frame-src blob:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SUB = /^[\w.@:+-]{1,128}$/;

/**
 * Development sign-in: mints a short-lived token with the configured HS256 secret for the chosen
 * role. Disabled (404, as if it did not exist) in production and whenever tokens come from an OIDC
 * issuer (`ONEMIND_JWKS_URL`): there the console takes the issuer's token instead.
 */
export function devTokenEnabled(config: Config): boolean {
  return !config.production && !config.jwksUrl && !!config.jwtSecret;
}

function devToken(config: Config) {
  return async (req: HttpRequest, res: HttpReply) => {
    if (!devTokenEnabled(config)) return sendProblem(res, problem(404, 'no such resource'));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors: { path: string; message: string }[] = [];
    const unknown = Object.keys(body).filter((k) => !['role', 'sub', 'agencyId'].includes(k));
    for (const k of unknown) errors.push({ path: k, message: 'unknown field' });
    if (!TOKEN_ROLES.includes(body.role as TokenRole))
      errors.push({ path: 'role', message: `must be one of ${TOKEN_ROLES.join(', ')}` });
    if (typeof body.sub !== 'string' || !SUB.test(body.sub))
      errors.push({ path: 'sub', message: '1–128 characters of letters, digits and ._@:+-' });
    const agencyId = body.agencyId === undefined || body.agencyId === '' ? undefined : body.agencyId;
    if (body.role === 'agency' && (typeof agencyId !== 'string' || !AGENCY_ID_PATTERN.test(agencyId))) {
      errors.push({
        path: 'agencyId',
        message: 'an agency user needs an agencyId: 3–64 characters of [A-Za-z0-9._-]',
      });
    }
    if (errors.length) return sendProblem(res, problem(400, 'invalid sign-in request', { errors }));
    const token = await signDevelopmentToken({
      role: body.role as TokenRole,
      sub: body.sub as string,
      agencyId: body.role === 'agency' ? (agencyId as string) : undefined,
      ttl: '8h',
      secret: config.jwtSecret!,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
    });
    res.header('Cache-Control', 'no-store');
    return { token };
  };
}

/**
 * `GET /` (the console's page) and the `/console/` scope (its assets and the dev sign-in), each
 * answer with the console's CSP. Both are public: the page holds no data; every call it makes
 * carries the user's own token to the API. A file that is not there falls through to the app's
 * problem+json 404.
 */
export async function mountConsole(fastify: FastifyInstance, config: Config): Promise<void> {
  fastify.get('/', async (_req, reply) => {
    reply.header('Content-Security-Policy', CONSOLE_CSP);
    reply.header('Cache-Control', 'no-cache');
    reply.type('text/html; charset=UTF-8');
    return readFile(`${CONSOLE_DIR}index.html`);
  });
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', (_req, reply, done) => {
        reply.header('Content-Security-Policy', CONSOLE_CSP);
        done();
      });
      scope.post('/dev-token', devToken(config));
      await scope.register(fastifyStatic, {
        root: CONSOLE_DIR,
        prefix: '/',
        index: false,
        redirect: false,
        maxAge: 0,
        decorateReply: false,
        wildcard: true,
      });
    },
    { prefix: '/console' },
  );
}
