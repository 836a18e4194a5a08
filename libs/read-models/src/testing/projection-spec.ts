import Database from 'better-sqlite3';
import { PROGRAM_CATALOGUE_STREAM, agencyStream, isProgramEvent, type EngineEvent } from '#events';
import { AGENCY_ID } from '#domain/testing';
import { migrateReadModels } from '../migrations.js';
import type { DecodedEvent, Projection } from '../projection.js';

/** An event of a test: on the fixtures' agency stream (or the catalogue stream) unless it names its stream. */
export type SpecEvent = EngineEvent & { streamId?: string };

/**
 * Given/When/Then for read models, on the rows:
 *   projectionSpec(agenciesProjection).given([events]).when([events]).then('agencies', [rows])
 * The events are applied as the projector applies them (one transaction, `flush` at its end) to a
 * fresh in-memory read-model database with the real schema. `then` also applies every event a
 * second time and expects the same rows: a projection re-run over events it has seen changes nothing.
 */
export function projectionSpec<Op>(projection: Projection<Op>) {
  return {
    given(given: SpecEvent[]) {
      return {
        when(when: SpecEvent[]) {
          const events = stamp([...given, ...when]);
          return {
            then(table: string, expected: Record<string, unknown>[]) {
              const db = new Database(':memory:');
              try {
                migrateReadModels(db);
                apply(db, projection, events);
                const rows = readRows(db, table);
                expect(rows).toEqual(expected.map((row) => expect.objectContaining(row)));
                apply(db, projection, events);
                expect(readRows(db, table)).toEqual(rows);
              } finally {
                db.close();
              }
            },
          };
        },
      };
    },
  };
}

function stamp(events: SpecEvent[]): DecodedEvent[] {
  const revisions = new Map<string, bigint>();
  return events.map((e, i) => {
    const streamId = e.streamId ?? (isProgramEvent(e) ? PROGRAM_CATALOGUE_STREAM : agencyStream(AGENCY_ID));
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    return { ...e, streamId, revision, position: BigInt(i + 1) } as DecodedEvent;
  });
}

function apply<Op>(db: Database.Database, projection: Projection<Op>, events: DecodedEvent[]): void {
  const writer = projection.writer(db);
  db.transaction(() => {
    for (const e of events) for (const op of projection.project(e)) writer.apply(op, e);
    writer.flush?.();
  })();
}

const readRows = (db: Database.Database, table: string): Record<string, unknown>[] =>
  db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all() as Record<string, unknown>[];

/**
 * The fixtures' agency's events (in order, revisions and positions from 1) applied through several
 * projections into `db`, as the projector would: for tests that read across read models.
 */
export function applyAgencyEvents(
  db: Database.Database,
  projections: readonly Projection[],
  events: readonly EngineEvent[],
): void {
  const decoded = events.map(
    (e, i) =>
      ({
        ...e,
        streamId: agencyStream(AGENCY_ID),
        revision: BigInt(i),
        position: BigInt(i + 1),
      }) as DecodedEvent,
  );
  for (const projection of projections) {
    const writer = projection.writer(db);
    for (const e of decoded) for (const op of projection.project(e)) writer.apply(op, e);
    writer.flush?.();
  }
}
