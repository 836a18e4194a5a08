import type { EventStore } from '#event-store';
import {
  agencyStream,
  decodeAgencyEvent,
  type AgencyEvent,
  type PledgeTakenData,
  type RuleSetId,
} from '#events';

export interface ApprovalFacts {
  agencyName: string;
  /** The approved cycle's rule set: the documents name its campaign. */
  ruleSet: RuleSetId;
  signatory: PledgeTakenData['signatory'];
  certificateNumber: string;
  verificationCode: string;
  effectiveOn: string;
  approvedAt: string;
}

async function agencyEvents(store: EventStore, agencyId: string): Promise<AgencyEvent[]> {
  return (await store.readStream(agencyStream(agencyId))).map(decodeAgencyEvent);
}

/** What the documents print, read from the log: the approval and the pledge of its cycle. */
export async function approvalFacts(
  store: EventStore,
  agencyId: string,
  certificateNumber: string,
): Promise<ApprovalFacts | null> {
  let pledge: PledgeTakenData | null = null;
  let ruleSet: RuleSetId | null = null;
  for (const e of await agencyEvents(store, agencyId)) {
    if (e.type === 'PledgeTaken') [pledge, ruleSet] = [e.data, e.data.ruleSet];
    if (e.type === 'RecertificationStarted') ruleSet = e.data.ruleSet;
    if (e.type === 'CertificationApproved' && e.data.certificateNumber === certificateNumber && pledge) {
      const { verificationCode, effectiveOn, approvedAt } = e.data;
      return {
        agencyName: pledge.name,
        ruleSet: ruleSet ?? pledge.ruleSet,
        signatory: pledge.signatory,
        certificateNumber,
        verificationCode,
        effectiveOn,
        approvedAt,
      };
    }
  }
  return null;
}

/**
 * The SHA-256 of the current cycle's certificate or letter: the latest issue event of the cycle of
 * the latest pledge, so a new pledge after a revocation has no documents until its own approval.
 */
export async function issuedDocument(
  store: EventStore,
  agencyId: string,
  kind: 'certificate' | 'letter',
): Promise<string | null> {
  let cycle = -1;
  let sha256: string | null = null;
  for (const e of await agencyEvents(store, agencyId)) {
    if (e.type === 'PledgeTaken') [cycle, sha256] = [e.data.cycle, null];
    const wanted = kind === 'certificate' ? 'CertificateIssued' : 'PresidentialLetterIssued';
    if (e.type === wanted && e.data.cycle === cycle) sha256 = e.data.sha256;
  }
  return sha256;
}
