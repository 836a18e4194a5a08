import { onAgencyStreams, unhandled, type Handled, type Projection } from '../projection.js';
import { ROSTER_TABLES } from './roster.tables.js';
import { RosterWriter, type RosterOp, rosterPgWriter } from './roster.sql.js';

/** The records' events; the agency's lifecycle and documents are not records. */
export const ROSTER_EVENTS = [
  'PartnershipEstablished',
  'PartnershipEnded',
  'PolicyAdopted',
  'OfficerJoined',
  'OfficerSeparated',
  'OfficerTrained',
  'PracticeImplemented',
] as const;

/** officers, trainings, partnerships, policies, practices: the records the requirement evaluation reads. */
export function evolveRoster(e: Handled<typeof ROSTER_EVENTS>, agencyId: string): RosterOp[] {
  switch (e.type) {
    case 'PartnershipEstablished': {
      const { partnershipId, partnerName, partnerType, establishedOn } = e.data;
      return [{ op: 'partnership', agencyId, partnershipId, partnerName, partnerType, establishedOn }];
    }
    case 'PartnershipEnded':
      return [
        { op: 'partnership-ended', agencyId, partnershipId: e.data.partnershipId, endedOn: e.data.endedOn },
      ];
    case 'PolicyAdopted': {
      const { policyId, title, version, adoptedOn, effectiveOn, basedOnIacpModel } = e.data;
      return [
        {
          op: 'policy',
          agencyId,
          policyId,
          title,
          version,
          adoptedOn,
          effectiveOn,
          basedOnIacpModel: basedOnIacpModel ? 1 : 0,
        },
      ];
    }
    case 'OfficerJoined': {
      const { officerRef, sworn, joinedOn } = e.data;
      return [{ op: 'officer-joined', agencyId, officerRef, sworn: sworn ? 1 : 0, joinedOn }];
    }
    case 'OfficerSeparated':
      return [
        { op: 'officer-separated', agencyId, officerRef: e.data.officerRef, separatedOn: e.data.separatedOn },
      ];
    case 'OfficerTrained': {
      const d = e.data;
      return [
        {
          op: 'officer-trained',
          agencyId,
          officerRef: d.officerRef,
          programId: d.programId,
          completedOn: d.completedOn,
          expiresOn: d.expiresOn ?? null,
          hours: d.hours ?? null,
          certificateRef: d.certificateRef ?? null,
        },
      ];
    }
    case 'PracticeImplemented': {
      const { practiceId, implementedOn, evidenceIds, note } = e.data;
      const evidence = JSON.stringify(evidenceIds);
      return [
        { op: 'practice', agencyId, practiceId, implementedOn, evidenceIds: evidence, note: note ?? null },
      ];
    }
    default:
      return unhandled(e);
  }
}

export const rosterProjection: Projection<RosterOp> = {
  name: 'roster',
  tables: ROSTER_TABLES,
  ...onAgencyStreams(ROSTER_EVENTS, evolveRoster),
  writer: (db) => new RosterWriter(db),
  pgWriter: rosterPgWriter,
};
