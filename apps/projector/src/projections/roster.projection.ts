import { agencyIdOf } from '../../../../libs/events/src/index.js';
import { RosterWriter, type RosterOp } from '../../../../libs/read-models/src/index.js';
import type { DecodedEvent, Projection } from './projection.js';

/** officers, trainings, partnerships, policies: the records the requirement evaluation reads. */
export const rosterProjection: Projection<RosterOp> = {
  name: 'roster',
  writer: (db) => new RosterWriter(db),
  project(e: DecodedEvent): RosterOp[] {
    const agencyId = agencyIdOf(e.streamId);
    if (agencyId === null) return [];
    const d = e.data;
    switch (e.type) {
      case 'PartnershipEstablished':
        return [{ op: 'partnership', agencyId, partnershipId: d.partnershipId, partnerName: d.partnerName, partnerType: d.partnerType, establishedOn: d.establishedOn }];
      case 'PartnershipEnded':
        return [{ op: 'partnership-ended', agencyId, partnershipId: d.partnershipId, endedOn: d.endedOn }];
      case 'PolicyAdopted':
        return [{
          op: 'policy', agencyId, policyId: d.policyId, title: d.title, version: d.version, adoptedOn: d.adoptedOn,
          effectiveOn: d.effectiveOn, basedOnIacpModel: d.basedOnIacpModel ? 1 : 0,
        }];
      case 'OfficerJoined':
        return [{ op: 'officer-joined', agencyId, officerRef: d.officerRef, sworn: d.sworn ? 1 : 0, joinedOn: d.joinedOn }];
      case 'OfficerSeparated':
        return [{ op: 'officer-separated', agencyId, officerRef: d.officerRef, separatedOn: d.separatedOn }];
      case 'OfficerTrained':
        return [{
          op: 'officer-trained', agencyId, officerRef: d.officerRef, programId: d.programId, completedOn: d.completedOn,
          expiresOn: d.expiresOn ?? null, hours: d.hours ?? null, certificateRef: d.certificateRef ?? null,
        }];
      default:
        return [];
    }
  },
};
