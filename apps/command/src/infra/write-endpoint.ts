import {
  Injectable,
  Res,
  UseInterceptors,
  createParamDecorator,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import type { HttpReply } from './http.js';
import { writeMetaFrom, type WriteMeta } from './write-request.js';
import { sendWriteResult, type WriteResult } from './write-response.js';

/**
 * The one write pipeline (issue 15): a handler marked `@Write()` returns the CommandOutcome of its
 * command (or a WriteAnswer: the outcome with fields of its own) and nothing else; this interceptor
 * answers with API.md's write answer (201 when the stream was created, else 200; ETag = revision;
 * the body). Errors leave through the ProblemFilter like any other route's.
 */
@Injectable()
export class WriteInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<void> {
    const reply = context.switchToHttp().getResponse<HttpReply>();
    return next.handle().pipe(map((result: WriteResult) => sendWriteResult(reply, result)));
  }
}

/**
 * Marks a command endpoint. Its status depends on the outcome (201 or 200), which `@HttpCode`
 * cannot say and Nest would overwrite after an interceptor: so the reply is declared as handled
 * (an extra `@Res()` argument the handler never names) and WriteInterceptor sends it.
 */
export function Write(): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    UseInterceptors(WriteInterceptor)(target, key, descriptor);
    const declared = (descriptor.value as (...args: unknown[]) => unknown).length;
    Res()(target, key, declared);
    return descriptor;
  };
}

/**
 * The write's metadata from the request: the caller, a fresh command id, X-Correlation-Id,
 * If-Match and the Idempotency-Key bound to this route and body (write-request.ts).
 */
export const WriteContext = createParamDecorator((_: unknown, ctx: ExecutionContext): WriteMeta => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.principal) throw new Error('WriteContext used on a public route');
  return writeMetaFrom(req, req.principal, req.body);
});
