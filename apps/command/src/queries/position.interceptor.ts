import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { HttpReply, HttpRequest } from '../infra/http.js';
import type { Observable } from 'rxjs';
import { ProblemException, problem } from '../infra/problem.js';
import { ReadModels } from './read-models.service.js';

const MAX_WAIT_MS = 10_000;
const POLL_MS = 10;

/**
 * Read-your-writes: `X-Min-Position: <n>` holds the read until the read models have reached n
 * (polling their checkpoint every 10 ms, up to 10 s, then 504). Every read answers `X-Position`,
 * the read models' checkpoint when the read started (a lower bound of what it saw).
 */
@Injectable()
export class PositionInterceptor implements NestInterceptor {
  constructor(private readonly readModels: ReadModels) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const res = context.switchToHttp().getResponse<HttpReply>();
    const wanted = parseMinPosition(req.headers['x-min-position']);
    let position = await this.readModels.position();
    if (wanted !== undefined && position < wanted) {
      const until = Date.now() + MAX_WAIT_MS;
      while (position < wanted) {
        if (Date.now() >= until) {
          res.header('X-Position', position.toString());
          throw new ProblemException(
            problem(504, `the read models reached position ${position}, not ${wanted}, within 10 s`, {
              code: 'position-not-reached',
            }),
          );
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
        position = await this.readModels.position();
      }
    }
    res.header('X-Position', position.toString());
    return next.handle();
  }
}

function parseMinPosition(value: string | string[] | undefined): bigint | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  if (!/^\d{1,19}$/.test(v.trim()))
    throw new ProblemException(problem(400, 'X-Min-Position must be a position such as "1234"'));
  return BigInt(v.trim());
}
