import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../infra/http.js';
import type { EventStore } from '#event-store';
import { Access } from '../auth/access.decorator.js';
import { AgencyIdPipe } from '../infra/agency-id.pipe.js';
import { ProblemException, problem } from '../infra/problem.js';
import { EVENT_STORE } from '../infra/tokens.js';
import { issuedDocument } from './agency-documents.js';
import { DocumentCorruptedError, DocumentStore } from './document-store.js';

/**
 * The issued PDFs, found through the agency's own events (not the read model): always current.
 * Also under `campaigns/{campaignId}/` for each campaign the agency takes part in (issue 18 item 3).
 */
@ApiTags('documents')
@Controller(['v1/agencies/:agencyId', 'v1/agencies/:agencyId/campaigns/:campaignId'])
export class DocumentsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly documents: DocumentStore,
  ) {}

  @Get('certificate.pdf')
  @ApiProduces('application/pdf')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  certificate(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Res() res: HttpReply,
    @Param('campaignId') campaignId?: string,
  ) {
    return this.send(agencyId, 'certificate', res, campaignId);
  }

  @Get('letter.pdf')
  @ApiProduces('application/pdf')
  @Access({ roles: ['agency', 'staff', 'auditor'], ownAgency: true })
  letter(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
    @Res() res: HttpReply,
    @Param('campaignId') campaignId?: string,
  ) {
    return this.send(agencyId, 'letter', res, campaignId);
  }

  private async send(agencyId: string, kind: 'certificate' | 'letter', res: HttpReply, campaignId?: string) {
    const sha256 = await issuedDocument(this.store, agencyId, kind, campaignId);
    const bytes = sha256
      ? await this.documents.read(sha256).catch((err) => {
          // G9: never serve bytes that differ from the hash in the log.
          if (err instanceof DocumentCorruptedError)
            throw new ProblemException(
              problem(500, `the stored ${kind} does not match its recorded SHA-256`, {
                code: 'document-corrupted',
              }),
            );
          throw err;
        })
      : null;
    if (!sha256 || !bytes)
      throw new ProblemException(problem(404, `no ${kind} has been issued for this agency`));
    res.header('Content-Type', 'application/pdf');
    res.header('ETag', `"${sha256}"`);
    const name = campaignId ? `${agencyId}-${campaignId}-${kind}` : `${agencyId}-${kind}`;
    res.header('Content-Disposition', `inline; filename="${name}.pdf"`);
    res.send(bytes);
  }
}
