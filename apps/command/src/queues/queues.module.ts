import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { join } from 'node:path';
import type { TokenVerifier } from '#auth';
import type { Config } from '#config';
import type { EventStore } from '#event-store';
import { JobQueues, queuePrefix } from '#jobs/redis';
import { DocumentsController } from '../documents/documents.controller.js';
import { DocumentJobs } from '../documents/document.jobs.js';
import { DocumentStore } from '../documents/document-store.js';
import { CONFIG, EVENT_STORE, TOKEN_VERIFIER } from '../infra/tokens.js';
import { MailJobs } from '../mail/mail.jobs.js';
import { NotificationJobs } from '../mail/notification.jobs.js';
import { NewsletterController } from '../newsletter/newsletter.controller.js';
import { NewsletterFeed } from '../newsletter/newsletter-feed.js';
import { DeadlineJobs } from '../timers/deadline.jobs.js';
import type { FastifyInstance } from 'fastify';
import { mountBoard } from './board.js';
import { WorkerHost } from './worker-host.js';

/**
 * Background work of the command app: the BullMQ workers (timers, documents, mail; skipped with
 * ONEMIND_WORKERS=off), the document and newsletter endpoints, and Bull Board for staff.
 */
@Module({
  controllers: [DocumentsController, NewsletterController],
  providers: [
    DeadlineJobs,
    DocumentJobs,
    MailJobs,
    NotificationJobs,
    WorkerHost,
    {
      provide: DocumentStore,
      inject: [CONFIG],
      useFactory: (c: Config) => new DocumentStore(join(c.dataDir, 'documents')),
    },
    { provide: NewsletterFeed, inject: [EVENT_STORE], useFactory: (s: EventStore) => new NewsletterFeed(s) },
    {
      provide: JobQueues,
      inject: [CONFIG],
      useFactory: (c: Config) => new JobQueues(c.redisUrl, queuePrefix(c)),
    },
  ],
  exports: [JobQueues, DocumentStore],
})
export class QueuesModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: JobQueues,
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
  ) {}

  /** Registered during init, before the Fastify instance is ready, so /admin/queues is reachable. */
  async onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (fastify) await mountBoard(fastify, Object.values(this.queues.queues), this.verify);
  }

  async onApplicationShutdown() {
    await this.queues.close();
  }
}
