import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { principalScope } from '#auth';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { ProblemException, problem } from '../infra/problem.js';
import { RateLimiter } from './rate-limiter.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const tooMany = (detail: string, retryAfterSeconds: number) =>
  new ProblemException(problem(429, detail, { code: 'rate-limited' }), {
    'Retry-After': String(retryAfterSeconds),
  });

/**
 * Writes per token holder (principalScope), shared across instances (API.md: 429 with Retry-After).
 * Registered after the AuthGuard, so the principal is known; unauthenticated writes never get this far.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const limit = this.limiter.settings.writesPerWindow;
    if (!limit || READS.has(req.method) || !req.principal) return true;
    // The whole identity: two agencies' users with the same `sub` have a budget each (issue 13).
    const d = await this.limiter.take(`write:${principalScope(req.principal)}`, limit);
    if (d.allowed) return true;
    throw tooMany(
      `at most ${limit} writes per minute per user; retry in ${d.retryAfterSeconds} s`,
      d.retryAfterSeconds,
    );
  }
}

const PER_IP_LIMIT = 'onemind:per-ip-limit';

/**
 * G9: marks a handler whose every call counts against the client IP's certificate-check budget.
 * Bound to the handler, not to a path pattern: whatever spelling of the path the router accepted
 * (a trailing slash, percent-encoded letters in a parameter) reaches the same handler and the same
 * bucket, and answers that are 404s for unknown numbers are counted too (the guard runs first).
 */
export const CertificateCheckLimit = () => SetMetadata(PER_IP_LIMIT, 'verify');

/**
 * The per-IP budget of handlers marked `@CertificateCheckLimit()`, shared across instances. The IP
 * is the socket's (`trust proxy` is off, so a client cannot pick its own bucket with X-Forwarded-For).
 */
@Injectable()
export class PerIpRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.getAllAndOverride<string | undefined>(PER_IP_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    const limit = this.limiter.settings.publicVerifyPerWindow;
    if (!bucket || !limit) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const d = await this.limiter.take(
      `${bucket}:ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`,
      limit,
    );
    if (d.allowed) return true;
    throw tooMany(
      `at most ${limit} certificate checks per minute; retry in ${d.retryAfterSeconds} s`,
      d.retryAfterSeconds,
    );
  }
}

/** One line in CommandModule's providers: the limiter and its guards (after AuthGuard). */
export const securityProviders = [
  RateLimiter,
  { provide: APP_GUARD, useClass: PerIpRateLimitGuard },
  { provide: APP_GUARD, useClass: WriteRateLimitGuard },
];
