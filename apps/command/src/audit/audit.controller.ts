import { Controller, Get, Headers, Inject, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DocumentStore } from '#documents';
import type { HttpReply } from '../infra/http.js';
import type { EventStore } from '#event-store';
import { agencyStream } from '#events';
import { findCampaign } from '#domain';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { ProblemException, problem } from '../infra/problem.js';
import { CLOCK, EVENT_STORE, type Clock } from '../infra/tokens.js';
import { PositionInterceptor } from '../queries/position.interceptor.js';
import { agencyViewAt, endOfDay, type At } from '#audit';
import { FoldPoints } from '#audit';
import { streamHistory } from './history-stream.js';
import { campaignReviewDetail } from './campaign-review.js';
import { ReadModels } from '../queries/read-models.service.js';
import { verifyStream } from '#audit';
import { EVIDENCE_STORE } from '../evidence/evidence.tokens.js';

const notFound = (agencyId: string) =>
  new ProblemException(problem(404, `no agency ${agencyId}`, { code: 'agency-not-found' }));
const bad = (path: string, message: string) =>
  new ProblemException(problem(400, `${path}: ${message}`, { errors: [{ path, message }] }));

/** The auditor's view, read from the event log itself, never from the read models. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId')
@UseInterceptors(PositionInterceptor)
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly points: FoldPoints,
    @Inject(EVIDENCE_STORE) private readonly documents: DocumentStore,
    private readonly readModels: ReadModels,
  ) {}

  @Get('history')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  @ApiProduces('application/json', 'application/x-ndjson')
  async history(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Headers('accept') accept: string | undefined,
    @Res() res: HttpReply,
  ) {
    if (!(await this.store.streamHead(agencyStream(agencyId)))) throw notFound(agencyId);
    streamHistory(this.store, agencyStream(agencyId), res, (accept ?? '').includes('application/x-ndjson'));
  }

  @Get('state')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'a date (end of that day, UTC) or an ISO 8601 instant',
  })
  @ApiQuery({ name: 'revision', required: false, description: 'the stream revision to fold up to' })
  async state(@Param('agencyId', AgencyIdPipe) agencyId: string, @Query() query: Record<string, unknown>) {
    const at = this.parseAt(query);
    const found = await agencyViewAt(this.store, agencyId, at, this.points);
    if (!found) throw notFound(agencyId);
    return { ...found.view, ...('asOf' in at ? { asOf: at.asOf } : {}) };
  }

  /**
   * One campaign's cycle of the agency (issue 18 item 3), as `state` shows the agency: from the
   * log, now or as of a date or revision, with the agency's shared records and that campaign's
   * status, deadline, requirements, review and certificate.
   */
  @Get('campaigns/:campaignId/state')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'a date (end of that day, UTC) or an ISO 8601 instant',
  })
  @ApiQuery({ name: 'revision', required: false, description: 'the stream revision to fold up to' })
  async campaignState(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
    @Query() query: Record<string, unknown>,
  ) {
    // The id is not echoed: it is the caller's path segment, possibly hostile.
    if (!findCampaign(campaignId))
      throw new ProblemException(problem(404, 'no such campaign', { code: 'campaign-not-found' }));
    const at = this.parseAt(query);
    const found = await agencyViewAt(this.store, agencyId, at, this.points, campaignId);
    if (!found) throw notFound(agencyId);
    if (found.view.status === 'none')
      throw new ProblemException(
        problem(404, `agency ${agencyId} has not pledged to ${campaignId}`, { code: 'campaign-not-joined' }),
      );
    return { ...found.view, campaignId, ...('asOf' in at ? { asOf: at.asOf } : {}) };
  }

  /** One campaign's submission as staff review it (`GET /v1/agencies/{id}/review`, per campaign). */
  @Get('campaigns/:campaignId/review')
  @Access({ roles: ['staff'] })
  async campaignReview(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('campaignId') campaignId: string,
  ) {
    // The id is not echoed: it is the caller's path segment, possibly hostile.
    if (!findCampaign(campaignId))
      throw new ProblemException(problem(404, 'no such campaign', { code: 'campaign-not-found' }));
    const detail = await campaignReviewDetail({
      store: this.store,
      points: this.points,
      read: (work) => this.readModels.read(work),
      agencyId,
      campaignId,
      date: this.clock.now().slice(0, 10),
    });
    if (!detail) throw notFound(agencyId);
    if (detail.status === 'none')
      throw new ProblemException(
        problem(404, `agency ${agencyId} has not pledged to ${campaignId}`, { code: 'campaign-not-joined' }),
      );
    return { ...detail, campaignId };
  }

  @Get('verification')
  @Access({ roles: ['staff', 'auditor'] })
  async verification(@Param('agencyId', AgencyIdPipe) agencyId: string) {
    const verdict = await verifyStream(this.store, agencyStream(agencyId), this.documents);
    if (!verdict) throw notFound(agencyId);
    const { streamId: _s, ...rest } = verdict;
    return { agencyId, ...rest };
  }

  private parseAt(query: Record<string, unknown>): At {
    const { asOf, revision } = query;
    if (asOf !== undefined && revision !== undefined) throw bad('asOf', 'give asOf or revision, not both');
    if (asOf !== undefined) {
      const instant = typeof asOf === 'string' ? endOfDay(asOf) : null;
      if (!instant) throw bad('asOf', 'must be a date YYYY-MM-DD or an ISO 8601 instant');
      return { asOf: instant };
    }
    if (revision !== undefined) {
      if (typeof revision !== 'string' || !/^\d{1,19}$/.test(revision))
        throw bad('revision', 'must be a revision such as "41"');
      return { revision: BigInt(revision) };
    }
    return { now: this.clock.now() };
  }
}
