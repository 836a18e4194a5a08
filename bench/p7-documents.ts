import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { notMeasured, type BenchContext, type TargetResult } from './lib/result.js';

const DOCUMENTS = fileURLToPath(new URL('../apps/command/src/documents/', import.meta.url));

/**
 * Certificate + letter end to end vs pdfkit alone. Needs the documents code (apps/command/src/documents),
 * which is being written; until it exists this says so instead of inventing a number.
 */
export async function p7(_ctx: BenchContext): Promise<TargetResult> {
  const target = '>= 0.25';
  if (!existsSync(DOCUMENTS)) return notMeasured(target, 'apps/command/src/documents (certificate and letter PDFs) does not exist yet in this build');
  return notMeasured(target, 'apps/command/src/documents exists but its job entry point is not wired into this benchmark yet');
}
