import type Database from 'better-sqlite3';
import { openDatabase } from '#event-store';
import { migrateReadModels } from './migrations.js';

/** WAL + synchronous=FULL like the log (a checkpoint must never be durable ahead of its rows). */
export function openReadModels(file: string): Database.Database {
  const db = openDatabase(file);
  migrateReadModels(db);
  return db;
}
