import type { NextFunction, Request, Response } from 'express';

/**
 * Answers to a request that carried a token hold one agency's data: no shared cache (proxy, CDN)
 * may keep them (OWASP API8, security misconfiguration). A route that knows better may still set
 * its own Cache-Control after this.
 */
export function noStoreForAuthenticated() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
