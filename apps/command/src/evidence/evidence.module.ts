import { Module } from '@nestjs/common';
import type { Config } from '#config';
import { LocalDocumentStore, evidenceDir } from '#documents';
import { CONFIG } from '../infra/tokens.js';
import { ReadModelsModule } from '../queries/read-models.module.js';
import { EvidenceController } from './evidence.controller.js';
import { EVIDENCE_STORE } from './evidence.tokens.js';

/** Evidence upload, list and download; the document store is shared with `verify` (the audit module). */
@Module({
  imports: [ReadModelsModule],
  controllers: [EvidenceController],
  providers: [
    {
      provide: EVIDENCE_STORE,
      inject: [CONFIG],
      useFactory: (c: Config) => new LocalDocumentStore(evidenceDir(c.dataDir)),
    },
  ],
  exports: [EVIDENCE_STORE],
})
export class EvidenceModule {}
