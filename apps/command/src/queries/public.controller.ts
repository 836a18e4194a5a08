import { Controller, Get, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../infra/http.js';

import { AgenciesReader, agenciesPgReader, type PublicListFilter } from '#read-models';
import { Public } from '../auth/access.decorator.js';
import { ProblemException, problem } from '../infra/problem.js';
import { CertificateCheckLimit } from '../security/rate-limit.guard.js';
import { CertificateQuery, PublicAgenciesQuery } from './list-params.js';
import { PositionInterceptor } from './position.interceptor.js';
import { ReadModels } from './read-models.service.js';
import { toCsv } from './csv.js';
import { checkCertificate } from './certificate-check.js';

const PUBLIC_COLUMNS = [
  'agencyId',
  'name',
  'region',
  'country',
  'status',
  'pledgedOn',
  'certifiedOn',
  'campaignId',
];

/** The Pledged Agencies page, campaign statistics and certificate verification: anyone may read. */
@ApiTags('public')
@Controller('v1/public')
@UseInterceptors(PositionInterceptor)
@ApiHeader({
  name: 'X-Min-Position',
  required: false,
  description: 'wait (up to 10 s, then 504) until the read models reach this position',
})
export class PublicController {
  constructor(private readonly readModels: ReadModels) {}

  @Get('agencies')
  @Public()
  async agencies(
    @Query() { status, region, campaign, format }: PublicAgenciesQuery,
    @Res({ passthrough: true }) res: HttpReply,
  ) {
    // One row per agency and campaign (an agency in two campaigns is listed twice), each naming
    // its campaign: `campaignId`, and `campaign` as before; the rule-set id stays internal.
    const filter: PublicListFilter = { status, region, campaignId: campaign };
    const rows = this.readModels.onPostgres
      ? await this.readModels.pgRead((pool) => agenciesPgReader.publicList(pool, filter))
      : new AgenciesReader(this.readModels.db()).publicList(filter);
    const items = rows.map(({ ruleSet: _ruleSet, ...row }) => ({ ...row, campaign: row.campaignId }));
    if (format !== 'csv') return items;
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', 'attachment; filename="pledged-agencies.csv"');
    return toCsv(PUBLIC_COLUMNS, items as Record<string, unknown>[]);
  }

  @Get('stats')
  @Public()
  async stats() {
    if (this.readModels.onPostgres) return this.readModels.pgRead((pool) => agenciesPgReader.stats(pool));
    return new AgenciesReader(this.readModels.db()).stats();
  }

  /** 404 alike for an unknown number and a wrong code, so the answer never tells which one was wrong. */
  @Get('certificates/:number')
  @Public()
  @CertificateCheckLimit() // G9: per-IP budget, counted for every request this handler gets
  async certificate(@Param('number') number: string, @Query() query: CertificateQuery) {
    const check = await checkCertificate(this.readModels, number, query.code);
    if (!check) throw new ProblemException(problem(404, 'no certificate with this number and code'));
    return check;
  }
}
