import { Controller, Get, Inject, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import { rm } from 'node:fs/promises';
import type { Principal } from '#auth';
import type { DocumentStore } from '#documents';
import { agencyDecider } from '#domain';
import type { EventStore } from '#event-store';
import { agencyStream } from '#events';
import { AgenciesReader, EvidenceReader } from '#read-models';
import { ExecuteAgencyCommand, agencyCacheKey } from '../agency/agency-command.handler.js';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import type { HttpReply, HttpRequest } from '../infra/http.js';
import { loadState, type CommandOutcome } from '../infra/handle-command.js';
import { ProblemException, problem } from '../infra/problem.js';
import { StateCache } from '../infra/state-cache.js';
import { EVENT_STORE } from '../infra/tokens.js';
import { Write } from '../infra/write-endpoint.js';
import { writeMetaFrom } from '../infra/write-request.js';
import type { WriteAnswer } from '../infra/write-response.js';
import { PositionInterceptor } from '../queries/position.interceptor.js';
import { ReadModels } from '../queries/read-models.service.js';
import { contentDisposition } from './content-disposition.js';
import { EVIDENCE_STORE } from './evidence.tokens.js';
import { evidenceFields } from './evidence.requests.js';
import { KeyedLock } from './keyed-lock.js';
import { UploadError, receiveUpload, type ReceivedFile } from './receive-upload.js';
import { safeFilename } from './sniff.js';

const notFound = (agencyId: string) =>
  new ProblemException(problem(404, `no agency ${agencyId}`, { code: 'agency-not-found' }));

/**
 * Evidence documents (issue 16, G12): uploaded as multipart, recognised by their bytes, stored once
 * by SHA-256 in the document store, recorded as EvidenceAttached through the one command path;
 * listed from the read model, downloaded through the agency's own state (always current).
 */
@ApiTags('evidence')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId/evidence')
export class EvidenceController {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVIDENCE_STORE) private readonly documents: DocumentStore,
    private readonly cache: StateCache,
    private readonly readModels: ReadModels,
  ) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @Access({ roles: ['agency', 'staff'], ownAgency: true })
  @Write()
  async upload(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @CurrentPrincipal() p: Principal,
    @Req() req: HttpRequest,
  ): Promise<WriteAnswer> {
    // The body parser left the form unread (STREAMED.multipart in app.factory.ts): busboy reads it here.
    const { fields, file } = await receiveUpload(req.raw, await this.documents.scratchDir()).catch((err) => {
      if (err instanceof UploadError)
        throw new ProblemException(problem(err.status, err.message, err.code ? { code: err.code } : {}), {
          Connection: 'close',
        });
      throw err;
    });
    try {
      const { requirement, description } = evidenceFields(fields);
      const data = {
        requirement,
        filename: safeFilename(file.filename, file.mediaType),
        mediaType: file.mediaType,
        size: file.size,
        sha256: file.sha256,
        ...(description === undefined ? {} : { description }),
      };
      // Before anything is stored: an upload to an agency that does not exist leaves nothing behind.
      if (!(await this.store.streamHead(agencyStream(agencyId)))) throw notFound(agencyId);
      // The idempotency fingerprint covers the document (its hash) and the fields.
      const meta = writeMetaFrom(req, p, data);
      const outcome = await this.storeAndRecord(file, () =>
        this.commands.execute(new ExecuteAgencyCommand(agencyId, { type: 'AttachEvidence', data }, meta)),
      );
      const evidenceId = await this.evidenceIdOf(outcome);
      return { outcome, extra: { evidenceId, sha256: file.sha256 } };
    } finally {
      await rm(file.path, { force: true });
    }
  }

  @Get()
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  @UseInterceptors(PositionInterceptor)
  async list(@Param('agencyId', AgencyIdPipe) agencyId: string) {
    const items = await this.readModels.read((db) =>
      new AgenciesReader(db).get(agencyId) ? new EvidenceReader(db).list(agencyId) : null,
    );
    if (!items) throw notFound(agencyId);
    return { items };
  }

  @Get(':evidenceId')
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  async download(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Param('evidenceId') evidenceId: string,
    @Res() reply: HttpReply,
  ) {
    const { state } = await loadState(this.store, {
      streamId: agencyStream(agencyId),
      decider: agencyDecider,
      cache: { store: this.cache, key: agencyCacheKey(agencyId) },
    });
    const evidence = state.evidence.get(evidenceId);
    if (!evidence)
      throw new ProblemException(
        problem(404, `no evidence ${evidenceId.slice(0, 80)} for this agency`, {
          code: 'evidence-not-found',
        }),
      );
    // G12: never serve bytes that differ from the hash in the log (hashed first: it cannot be refused mid-stream).
    const check = await this.documents.check(evidence.sha256);
    if (check !== 'ok')
      throw new ProblemException(
        problem(
          500,
          `the stored document ${evidence.sha256} is ${check === 'missing' ? 'missing' : 'not what the log recorded'}`,
          {
            code: check === 'missing' ? 'document-missing' : 'document-corrupted',
          },
        ),
      );
    const opened = await this.documents.open(evidence.sha256);
    if (!opened)
      throw new ProblemException(problem(500, 'the stored document vanished', { code: 'document-missing' }));
    reply.headers({
      'Content-Type': evidence.mediaType,
      'Content-Length': String(opened.size),
      'Content-Disposition': contentDisposition(evidence.filename),
      'X-Content-Type-Options': 'nosniff',
      // Opened directly anyway, the document runs nothing and loads nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
      ETag: `"${evidence.sha256}"`,
    });
    // The stored bytes as they are: Fastify pipes the stream and ends the socket if it fails midway.
    return reply.send(opened.stream);
  }

  /**
   * Stored first, then recorded: an event never names a document the store does not hold. If the
   * append is refused, a document this upload created is removed again (under the hash's lock, so a
   * concurrent upload of the same bytes is never left without its document).
   */
  private storeAndRecord(file: ReceivedFile, record: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
    return this.lock.run(file.sha256, async () => {
      const { created } = await this.documents.putFile(file.path, file.sha256);
      try {
        return await record();
      } catch (err) {
        if (created) await this.documents.remove(file.sha256);
        throw err;
      }
    });
  }

  /** The id the decider drew, read back from the event (a retried request gets the first answer's). */
  private async evidenceIdOf(outcome: CommandOutcome): Promise<string | undefined> {
    const revision = outcome.events[0]?.revision;
    if (revision === undefined) return undefined;
    const [event] = await this.store.readStream(outcome.streamId, {
      fromRevision: revision,
      toRevision: revision,
    });
    const data = event?.data as { evidenceId?: string } | undefined;
    return event?.type === 'EvidenceAttached' ? data?.evidenceId : undefined;
  }
}
