import type { DocumentCheck, DocumentStore } from '#documents';

export interface VerificationJson {
  streamId: string;
  valid: boolean;
  events: number;
  headHash: string;
  firstBadRevision?: string;
  reason?: string;
  /** With a document store: the evidence documents re-hashed (G12), and those that failed. */
  documents?: { checked: number; bad: BadDocument[] };
}

/** A stored evidence document that no longer matches the EvidenceAttached event naming it (G12). */
export interface BadDocument {
  evidenceId: string;
  sha256: string;
  revision: string;
  problem: Exclude<DocumentCheck, 'ok'>;
}

/**
 * G12: every EvidenceAttached of a stream whose chain verified names a document the store still
 * holds, byte for byte (hashed again). The chain vouches for the hash; this vouches for the bytes.
 * Each bad document is named; the first one makes the stream invalid at its revision.
 */
export async function verifyDocuments(
  verdict: VerificationJson,
  events: Iterable<{ type: string; data: unknown; revision: bigint }>,
  documents: DocumentStore,
): Promise<VerificationJson> {
  if (!verdict.valid) return verdict;
  const bad: BadDocument[] = [];
  let checked = 0;
  for (const e of events) {
    if (e.type !== 'EvidenceAttached') continue;
    const { evidenceId, sha256 } = e.data as { evidenceId: string; sha256: string };
    checked += 1;
    const problem = await documents.check(sha256);
    if (problem !== 'ok') bad.push({ evidenceId, sha256, revision: e.revision.toString(), problem });
  }
  const summary = { documents: { checked, bad } };
  if (bad.length === 0) return { ...verdict, ...summary };
  const first = bad[0];
  return {
    ...verdict,
    valid: false,
    firstBadRevision: first.revision,
    reason: `evidence ${first.evidenceId}: the stored document ${first.sha256} ${first.problem === 'missing' ? 'is missing' : 'does not hash to its recorded SHA-256'}${bad.length > 1 ? ` (and ${bad.length - 1} more)` : ''}`,
    ...summary,
  };
}
