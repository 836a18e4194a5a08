import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError, type Principal, type TokenVerifier } from '#auth';
import type { HttpRequest } from '../infra/http.js';
import { ProblemException, problem } from '../infra/problem.js';
import { TOKEN_VERIFIER } from '../infra/tokens.js';
import { ACCESS_RULE, type AccessRule } from './access.decorator.js';

export type AuthenticatedRequest = HttpRequest & { principal?: Principal };

const unauthorized = (detail: string) =>
  new ProblemException(problem(401, detail), { 'WWW-Authenticate': 'Bearer' });

/** The one place authentication and route-level authorisation are enforced (G7). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!rule) {
      // Fail closed: a route someone forgot to declare is unreachable, and the matrix test fails.
      this.logger.error({ msg: 'route has no access rule', path: req.routeOptions.url });
      throw new ProblemException(problem(403, 'this route has no access rule'));
    }
    if ('public' in rule) return true;
    const principal = await this.authenticate(req);
    req.principal = principal;
    if (!rule.roles.includes(principal.role))
      throw new ProblemException(problem(403, `the ${principal.role} role may not do this`));
    const agencyId = (req.params as Record<string, string> | undefined)?.agencyId;
    // Security (G7): an agency token is confined to its own agency on EVERY route that names one,
    // unless a rule opts out with `ownAgency: false`; a forgotten flag fails closed, not open.
    if (
      rule.ownAgency !== false &&
      principal.role === 'agency' &&
      agencyId !== undefined &&
      agencyId !== principal.agencyId
    ) {
      throw new ProblemException(problem(403, 'an agency may only act on its own records'));
    }
    return true;
  }

  private async authenticate(req: HttpRequest): Promise<Principal> {
    const header = req.headers.authorization;
    if (!header) throw unauthorized('a bearer token is required');
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,8192})$/.exec(header);
    if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
    try {
      return await this.verify(match[1]);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthorized(err.message);
      throw err;
    }
  }
}
