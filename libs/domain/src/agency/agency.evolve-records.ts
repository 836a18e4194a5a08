import type { AgencyEvent } from '#events';
import type { AgencyState, OfficerRecord, TrainingHeld } from './agency.state.js';

/**
 * The agency's records. They belong to the agency, not to a pledge cycle, so a new pledge keeps
 * them. Officers live in a persistent map: each event copies only a small leaf, not the roster.
 */
export function evolveRecords(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case 'PartnershipEstablished': {
      const { partnershipId, partnerName, partnerType, establishedOn } = event.data;
      return {
        ...state,
        partnerships: new Map(state.partnerships).set(partnershipId, {
          partnerName,
          partnerType,
          establishedOn,
        }),
      };
    }
    case 'PartnershipEnded': {
      const partnership = state.partnerships.get(event.data.partnershipId);
      if (!partnership) return state;
      const ended = { ...partnership, endedOn: event.data.endedOn };
      return { ...state, partnerships: new Map(state.partnerships).set(event.data.partnershipId, ended) };
    }
    case 'PolicyAdopted': {
      const { policyId, title, version, adoptedOn, effectiveOn } = event.data;
      return {
        ...state,
        policies: new Map(state.policies).set(policyId, { title, version, adoptedOn, effectiveOn }),
      };
    }
    case 'EvidenceAttached': {
      const { evidenceId, requirement, sha256, filename, mediaType, size } = event.data;
      const record = { requirement, sha256, filename, mediaType, size };
      return { ...state, evidence: new Map(state.evidence).set(evidenceId, record) };
    }
    case 'PracticeImplemented': {
      // A later record of the same practice supersedes the earlier one (the log keeps both).
      const { practiceId, implementedOn, evidenceIds, note } = event.data;
      const record =
        note === undefined ? { implementedOn, evidenceIds } : { implementedOn, evidenceIds, note };
      return { ...state, practices: new Map(state.practices).set(practiceId, record) };
    }
    default:
      return evolveRoster(state, event);
  }
}

function evolveRoster(state: AgencyState, event: AgencyEvent): AgencyState {
  const update = (ref: string, change: (o: OfficerRecord) => OfficerRecord): AgencyState => {
    const officer = state.officers.get(ref);
    return officer ? { ...state, officers: state.officers.set(ref, change(officer)) } : state;
  };
  switch (event.type) {
    case 'OfficerJoined': {
      // Re-joining after a separation starts a new stint; the classes the person holds are kept.
      const { officerRef, sworn, joinedOn } = event.data;
      const trainings = state.officers.get(officerRef)?.trainings ?? [];
      return { ...state, officers: state.officers.set(officerRef, { sworn, joinedOn, trainings }) };
    }
    case 'OfficerSeparated':
      return update(event.data.officerRef, (o) => ({ ...o, separatedOn: event.data.separatedOn }));
    case 'OfficerTrained': {
      const { programId, completedOn, expiresOn, hours } = event.data;
      // Only the keys the event has (folded states are compared whole), each shape a literal: adding
      // keys one by one makes V8 walk shape transitions for each of a large roster's records.
      const training: TrainingHeld =
        expiresOn === undefined
          ? hours === undefined
            ? { programId, completedOn }
            : { programId, completedOn, hours }
          : hours === undefined
            ? { programId, completedOn, expiresOn }
            : { programId, completedOn, expiresOn, hours };
      return update(event.data.officerRef, (o) => ({ ...o, trainings: [...o.trainings, training] }));
    }
    default:
      return state;
  }
}
