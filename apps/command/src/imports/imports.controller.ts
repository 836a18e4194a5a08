import { Controller, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { CsvError } from 'csv-parse';
import type { Principal } from '#auth';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AgencyWrites } from '../agency/agency-writes.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import type { HttpRequest } from '../infra/http.js';
import { Write } from '../infra/write-endpoint.js';
import { writeMetaFrom } from '../infra/write-request.js';
import type { WriteAnswer } from '../infra/write-response.js';
import { CSV_LIMIT_BYTES } from '../infra/body-parsing.js';
import { ProblemException, problem } from '../infra/problem.js';
import { InvalidUtf8Error } from '../infra/strict-utf8.js';
import { CsvHeaderError, CsvTooLargeError, parseRosterCsv } from './roster-csv.js';
import { importSummary } from './import-summary.js';

/**
 * Roster and training spreadsheets (up to 50,000 rows): all rows or none, every bad row named in one
 * answer; rows the roster already holds are no-ops, so a monthly full export is accepted as it is.
 */
@ApiTags('roster')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId')
export class ImportsController {
  constructor(private readonly writes: AgencyWrites) {}

  @Post('imports')
  @ApiConsumes('text/csv')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  async import(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @CurrentPrincipal() p: Principal,
    @Req() req: HttpRequest,
  ) {
    // The body parser left the CSV unread (infra/body-parsing.ts): it is read here, as it arrives.
    const body = req.raw;
    const digest = createHash('sha256');
    body.on('data', (chunk: Buffer) => digest.update(chunk));
    const { parsed, errors, rows } = await parseRosterCsv(body, CSV_LIMIT_BYTES).catch((err) => {
      if (err instanceof CsvTooLargeError) throw new ProblemException(problem(413, err.message));
      if (err instanceof CsvHeaderError || err instanceof InvalidUtf8Error)
        throw new ProblemException(problem(400, err.message));
      // Security fix (G8 fuzz): csv-parse 7's error codes have no CSV_ prefix (INVALID_OPENING_QUOTE…); a malformed CSV was a 500.
      if (err instanceof CsvError || err?.code?.startsWith?.('CSV_'))
        throw new ProblemException(
          problem(400, `the CSV cannot be read: ${String(err.message).slice(0, 200)}`),
        );
      throw err;
    });
    if (rows === 0) throw new ProblemException(problem(400, 'the CSV has no rows'));
    // Rows with a bad cell go along: the decision lists them with the other rows' business errors (one 422).
    const command = { type: 'ImportRoster' as const, data: { ...parsed, refused: errors, rows } };
    // The idempotency fingerprint covers the file's bytes: the same key with another file is refused.
    const meta = writeMetaFrom(req, p, { csvSha256: digest.digest('hex') });
    const outcome = await this.writes.run(agencyId, command, meta);
    return { outcome, extra: { import: importSummary(parsed, rows, outcome.events) } } satisfies WriteAnswer;
  }
}
