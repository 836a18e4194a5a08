import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Config } from '#config';
import type { EventStore } from '#event-store';
import type { JobHandlersFor, RunningJob } from '#jobs';
import { ExecuteAgencyCommand } from '../agency/agency-command.handler.js';
import { CLOCK, CONFIG, EVENT_STORE, type Clock } from '../infra/tokens.js';
import { systemWriteMeta } from '../infra/write-request.js';
import { unlessRefused, type HandlesJobs } from '../infra/job-handlers.js';
import { approvalFacts } from './agency-documents.js';
import { renderCertificate } from './certificate.pdf.js';
import { DocumentStore } from './document-store.js';
import { renderLetter } from './letter.pdf.js';
import { documentArt, signerFor } from './signer.js';

type DocumentJobName = 'issue-certificate' | 'issue-letter' | 'feature-newsletter';

/**
 * After an approval: render, store content-addressed, then record the hash through the command
 * path. A crash between store and command re-renders the same bytes (deterministic PDF), and a
 * second run's command decides nothing, so each document is issued exactly once in effect.
 */
@Injectable()
export class DocumentJobs implements HandlesJobs<DocumentJobName> {
  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly documents: DocumentStore,
  ) {}

  readonly handlers: JobHandlersFor<DocumentJobName> = {
    'issue-certificate': (job) => this.issue(job, 'IssueCertificate'),
    'issue-letter': (job) => this.issue(job, 'IssuePresidentialLetter'),
    'feature-newsletter': async ({ id, data: { agencyId, certificateNumber } }) => {
      await this.send(agencyId, { type: 'FeatureInNewsletter', data: { certificateNumber } }, id);
    },
  };

  private async issue(
    job: RunningJob<'issue-certificate' | 'issue-letter'>,
    type: 'IssueCertificate' | 'IssuePresidentialLetter',
  ) {
    const { agencyId, certificateNumber } = job.data;
    const facts = await approvalFacts(this.store, agencyId, certificateNumber);
    if (!facts) return; // not (or no longer) in the log: nothing to print
    const { documents, publicBaseUrl } = this.config;
    const options = {
      signer: await signerFor(
        this.store,
        documents,
        facts.approvedAt.slice(0, 10),
        this.clock.now().slice(0, 10),
      ),
      art: await documentArt(documents),
      publicBaseUrl,
    };
    const bytes =
      type === 'IssueCertificate'
        ? await renderCertificate(facts, options)
        : await renderLetter({ ...facts, addressedTo: facts.signatory }, options);
    const sha256 = await this.documents.save(bytes);
    await this.send(
      agencyId,
      { type, data: { sha256, issuedAt: this.clock.now(), certificateNumber } },
      job.id,
    );
  }

  private send(agencyId: string, command: ExecuteAgencyCommand['command'], jobId: string) {
    return unlessRefused(() =>
      this.bus.execute(
        new ExecuteAgencyCommand(agencyId, command, systemWriteMeta('system:documents', jobId)),
      ),
    );
  }
}
