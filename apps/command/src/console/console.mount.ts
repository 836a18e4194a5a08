import express, { type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { fileURLToPath } from 'node:url';
import { AGENCY_ID_PATTERN } from '#events';
import { TOKEN_ROLES, signDevelopmentToken, type TokenRole } from '#auth';
import type { Config } from '#config';
import { problem, sendProblem } from '../infra/problem.js';

/**
 * The web console: static files (no build step) next to this module. `tsc` does not copy them, so
 * `scripts/copy-assets.mjs` (part of `npm run build`) copies `public/` into dist; in tests (ts-jest)
 * this module runs from the source tree and finds them beside it. One path for both.
 */
export const CONSOLE_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** The console's pages only (helmet's CSP is off globally because of Swagger UI): same-origin everything. */
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
  return async (req: Request, res: Response) => {
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
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token });
  };
}

function consoleHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  next();
}

/**
 * `GET /` (the console's page) and the `/console` sub-application (its assets and the dev sign-in),
 * registered before Nest's routes and the final 404 handler. Both are public: the page holds no
 * data; every call it makes carries the user's own token to the API.
 */
export function mountConsole(app: NestExpressApplication, config: Config): void {
  const files = express.static(CONSOLE_DIR, { index: false, fallthrough: true, redirect: false, maxAge: 0 });
  const router = express.Router();
  router.use(consoleHeaders);
  router.post('/dev-token', (req, res, next) => {
    devToken(config)(req, res).catch(next);
  });
  router.use(files);
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.get('/', consoleHeaders, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile('index.html', { root: CONSOLE_DIR });
  });
  app.use('/console', router);
}
