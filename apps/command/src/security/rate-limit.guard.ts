import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { principalScope } from '../../../../libs/auth/src/index.js';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { ProblemException, problem } from '../infra/problem.js';
import { RateLimiter } from './rate-limiter.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
    throw new ProblemException(problem(429, `at most ${limit} writes per minute per user; retry in ${d.retryAfterSeconds} s`, { code: 'rate-limited' }), {
      'Retry-After': String(d.retryAfterSeconds),
    });
  }
}

/** One line in CommandModule's providers: the limiter and its guard (after AuthGuard). */
export const securityProviders = [RateLimiter, { provide: APP_GUARD, useClass: WriteRateLimitGuard }];
