import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** A real PDF (pdfkit), e.g. a signed memorandum of understanding. */
export function makePdf(text = 'Memorandum of understanding'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', info: { CreationDate: new Date('2025-02-01T00:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14).text(text);
    doc.end();
  });
}

/** A real PNG (a QR code, as the certificate carries). */
export const makePng = (text = 'https://onemind.example/verify'): Promise<Buffer> =>
  QRCode.toBuffer(text, { type: 'png' });

/** A real JPEG (32×24, baseline, written once with jpeg-js; test-data/evidence/README.md). */
export const readJpeg = (): Buffer => readFileSync(join(process.cwd(), 'test-data/evidence/scan.jpg'));

/** Files that must be refused (G12): what their bytes really are, whatever their name says. */
export const HOSTILE = {
  html: Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>'),
  svg: Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
  ),
  zip: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 1)]),
};

/** A multipart form as a browser sends it. */
export function evidenceForm(
  file: { bytes: Uint8Array; filename: string; type?: string } | null,
  fields: Record<string, string> = { requirement: 'partnership' },
): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([file.bytes], { type: file.type ?? '' }), file.filename);
  return form;
}
