import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { readModelFile, type Config } from '#config';
import {
  CheckpointsSql,
  currentReadModelFile,
  generationToken,
  openReadModels,
  type ProjectionProgress,
} from '#read-models';
import { CONFIG } from '../infra/tokens.js';

/** How often a read looks at the generation pointer (a rebuild's swap is seen within this). */
const GENERATION_CHECK_MS = 200;

/**
 * The command app's connection to the read models the projector writes. It follows the generation
 * pointer: after `onemind rebuild` swaps in a new file, the next read reopens on it. Reads use
 * SQLite's WAL snapshots, so they never block the projector nor see half a batch.
 */
@Injectable()
export class ReadModels implements OnApplicationShutdown {
  private static current: ReadModels | null = null;
  private readonly base: string;
  private connection: Database.Database;
  private checkpoints: CheckpointsSql;
  private token: string;
  private checkedAt = 0;

  constructor(@Inject(CONFIG) config: Config) {
    this.base = readModelFile(config);
    this.token = generationToken(this.base);
    this.connection = openReadModels(currentReadModelFile(this.base));
    this.checkpoints = new CheckpointsSql(this.connection);
    ReadModels.current = this;
  }

  /** The instance of the running app, for the health check and /metrics that are not DI-wired. */
  static instance(): ReadModels | null {
    return ReadModels.current;
  }

  db(): Database.Database {
    const now = Date.now();
    if (now - this.checkedAt >= GENERATION_CHECK_MS) {
      this.checkedAt = now;
      const token = generationToken(this.base);
      if (token !== this.token) {
        const next = openReadModels(currentReadModelFile(this.base));
        this.connection.close();
        this.connection = next;
        this.checkpoints = new CheckpointsSql(next);
        this.token = token;
      }
    }
    return this.connection;
  }

  /** X-Position: the lowest checkpoint over every projection (all read models are at least this far). */
  position(): bigint {
    this.db();
    return this.checkpoints.readModelsPosition();
  }

  progress(): ProjectionProgress[] {
    this.db();
    return this.checkpoints.progress();
  }

  onApplicationShutdown() {
    if (ReadModels.current === this) ReadModels.current = null;
    this.connection.close();
  }
}
