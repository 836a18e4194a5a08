import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { writeMetaFrom, type WriteMeta } from './write-request.js';

/**
 * A write's metadata from its request (the caller, a fresh command id, X-Correlation-Id, If-Match,
 * the Idempotency-Key bound to route and body), so a write handler needs neither `@Req()` nor the
 * HTTP platform's types (issue 15 moves the app to Fastify underneath).
 */
export const WriteContext = createParamDecorator((_: unknown, ctx: ExecutionContext): WriteMeta => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.principal) throw new Error('WriteContext used on a public route');
  return writeMetaFrom(req, req.principal, req.body);
});
