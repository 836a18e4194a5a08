import { Injectable, type PipeTransform } from '@nestjs/common';
import { AGENCY_ID_PATTERN } from '#events';
import { ProblemException, problem } from './problem.js';

/** `agencyId` is 3–64 characters of [A-Za-z0-9._-] (API.md); anything else never reaches a stream name. */
@Injectable()
export class AgencyIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!AGENCY_ID_PATTERN.test(value)) {
      throw new ProblemException(
        problem(400, 'agencyId must be 3–64 characters of [A-Za-z0-9._-]', {
          errors: [{ path: 'agencyId', message: 'invalid' }],
        }),
      );
    }
    return value;
  }
}

/** Ids the engine minted (partnerships, policies): UUID-like, bounded. */
@Injectable()
export class RecordIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(value)) throw new ProblemException(problem(404, 'no such record'));
    return value;
  }
}
