import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { ReadModelsModule } from '../queries/read-models.module.js';
import { AuditController } from './audit.controller.js';
import { FoldPoints } from '#audit';
import { LargeStreamWarmUp } from './warm-up.js';

/** History, state as of a date or revision, and hash-chain verification, straight from the log. */
@Module({
  imports: [ReadModelsModule, EvidenceModule],
  controllers: [AuditController],
  // One FoldPoints for the controller and the start-up warm-up that fills it.
  providers: [{ provide: FoldPoints, useValue: new FoldPoints() }, LargeStreamWarmUp],
  exports: [LargeStreamWarmUp],
})
export class AuditModule {}
