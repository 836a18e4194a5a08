import type { DocumentStore } from '#documents';
import { fromJson, verifyChain, type ChainLink } from '#events';
import type { ExportLine } from './export-ndjson.js';
import { verifyDocuments } from './verify-documents.js';
import { verdictJson, type VerificationJson } from './verify-stream.js';

/**
 * Verifies an NDJSON export without the database: every stream's chain is recomputed from the
 * exported events and compared with the head line the export recorded. Streams are contiguous in
 * an export, so memory holds one stream at a time. Given a document store (e.g. a copy of the
 * evidence folder), each evidence document is checked against its event too (G12).
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  documents?: DocumentStore,
): Promise<VerificationJson[]> {
  const verdicts: VerificationJson[] = [];
  let current: { streamId: string; links: ChainLink[] } | null = null;
  const checks: Promise<void>[] = [];
  const finish = (head?: { revision: bigint; hash: string }) => {
    if (current) {
      const verdict = verdictJson(current.streamId, verifyChain(current.links, head));
      const at = verdicts.push(verdict) - 1;
      if (documents) {
        const evidence = current.links.filter((l) => l.type === 'EvidenceAttached');
        checks.push(verifyDocuments(verdict, evidence, documents).then((v) => void (verdicts[at] = v)));
      }
    }
    current = null;
  };
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    if (!raw.trim()) continue;
    let line: ExportLine;
    try {
      line = JSON.parse(raw);
    } catch {
      verdicts.push({
        streamId: current?.streamId ?? '?',
        valid: false,
        events: current?.links.length ?? 0,
        headHash: '',
        firstBadRevision: String(current?.links.length ?? 0),
        reason: `line ${n} is not JSON`,
      });
      current = null;
      continue;
    }
    if ('streamHead' in line) {
      if (!current || current.streamId !== line.streamHead.streamId)
        current = { streamId: line.streamHead.streamId, links: [] };
      finish({ revision: BigInt(line.streamHead.revision), hash: line.streamHead.hash });
      continue;
    }
    if (current && current.streamId !== line.streamId) finish();
    current ??= { streamId: line.streamId, links: [] };
    current.links.push(fromJson(line));
  }
  finish();
  await Promise.all(checks);
  return verdicts;
}
