import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { withoutControlChars } from '../infra/control-chars.js';

export type Pdf = InstanceType<typeof PDFDocument>;

/**
 * Renders a PDF deterministically: the creation date comes from the approval (pdfkit derives the
 * file ID from the info dictionary), only the standard Helvetica fonts are used (nothing embedded
 * from the host), so a re-render of the same approval gives the same bytes and the same SHA-256.
 */
export function renderPdf(
  info: { title: string; createdAt: string },
  draw: (doc: Pdf) => void | Promise<void>,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    info: {
      Title: info.title,
      Author: 'International Association of Chiefs of Police',
      Producer: 'One Mind certification engine',
      Creator: 'One Mind certification engine',
      CreationDate: new Date(info.createdAt),
      ModDate: new Date(info.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return Promise.resolve(draw(doc)).then(() => {
    doc.end();
    return done;
  });
}

/**
 * Every string of a document's input without control characters: events stored before they were
 * refused (issue 13) still hold them, and a NUL or ESC must not reach the PDF's text.
 */
export function printable<T>(value: T): T {
  if (typeof value === 'string') return withoutControlChars(value) as T;
  if (Array.isArray(value)) return value.map(printable) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)])) as T;
  return value;
}

/** The QR code a reader scans to check the certificate (G9): the public verification URL. */
export function verificationUrl(publicBaseUrl: string, certificateNumber: string, code: string): string {
  return `${publicBaseUrl}/v1/public/certificates/${encodeURIComponent(certificateNumber)}?code=${encodeURIComponent(code)}`;
}

export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 160 });
}

/** "2025-03-01" → "March 1, 2025", in UTC whatever the host's zone. */
export function longDate(date: string): string {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
