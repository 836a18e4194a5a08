import { onAgencyStreams, type Handled, type Projection } from '../projection.js';
import { EVIDENCE_TABLES } from './evidence.tables.js';
import { EvidenceWriter, type EvidenceOp, evidencePgWriter } from './evidence.sql.js';

export const EVIDENCE_EVENTS = ['EvidenceAttached'] as const;

/** The documents an agency attached, as listed to the agency, staff and auditors. */
export function evolveEvidence(e: Handled<typeof EVIDENCE_EVENTS>, agencyId: string): EvidenceOp[] {
  switch (e.type) {
    case 'EvidenceAttached': {
      const d = e.data;
      return [
        {
          op: 'attached',
          agencyId,
          evidenceId: d.evidenceId,
          requirement: d.requirement,
          filename: d.filename,
          mediaType: d.mediaType,
          size: d.size,
          sha256: d.sha256,
          description: d.description ?? null,
          attachedAt: d.attachedAt,
          attachedBy: d.attachedBy,
        },
      ];
    }
    default: {
      // One type listed: TypeScript narrows `e.type`, not `e` (not a union), so the check is on the type.
      const type: never = e.type;
      throw new Error(`no handler for ${String(type)}`);
    }
  }
}

export const evidenceProjection: Projection<EvidenceOp> = {
  name: 'evidence',
  tables: EVIDENCE_TABLES,
  ...onAgencyStreams(EVIDENCE_EVENTS, evolveEvidence),
  writer: (db) => new EvidenceWriter(db),
  pgWriter: evidencePgWriter,
};
