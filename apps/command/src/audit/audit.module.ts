import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../queries/read-models.module.js';
import { AuditController } from './audit.controller.js';

/** History, state as of a date or revision, and hash-chain verification, straight from the log. */
@Module({ imports: [ReadModelsModule], controllers: [AuditController] })
export class AuditModule {}
