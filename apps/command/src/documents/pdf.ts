import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { withoutControlChars } from '../infra/control-chars.js';

export type Pdf = InstanceType<typeof PDFDocument>;

/** Who signs a document: the office holder of its approval date (signer.ts). */
export interface Signer {
  name: string;
  title: string;
  /** The signature image (PNG/JPEG), only when it is this signer's own (signer.ts says when). */
  signature?: Buffer;
}

/** The configured images (PNG/JPEG bytes); each one missing is drawn with vectors (art.ts). */
export interface DocumentArt {
  seal?: Buffer;
  mark?: Buffer;
}

export interface PageSetup {
  layout: 'portrait' | 'landscape';
  margin: number;
}

/**
 * Renders a PDF deterministically: the creation date comes from the approval (pdfkit derives the
 * file ID from the info dictionary), only the standard Helvetica fonts are used (nothing embedded
 * from the host), so a re-render of the same approval gives the same bytes and the same SHA-256.
 * Tagged (issue 17): the text sits in a structure tree under one `Document` element, in reading
 * order, so screen readers read it; decoration is marked as an artifact and skipped.
 */
export function renderPdf(
  info: { title: string; createdAt: string },
  page: PageSetup,
  draw: (doc: Pdf, content: Structure) => void | Promise<void>,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: page.layout,
    margin: page.margin,
    tagged: true,
    lang: 'en-US',
    displayTitle: true,
    pdfVersion: '1.7',
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
  const root = doc.struct('Document');
  doc.addStructure(root);
  const content: Structure = {
    add: (tag, drawn, options = {}) => void root.add(doc.struct(tag, options, () => void drawn())),
    artifact: (drawn) => {
      doc.markContent('Artifact', { type: 'Layout' });
      drawn();
      doc.endMarkedContent();
    },
  };
  return Promise.resolve(draw(doc, content)).then(() => {
    root.end();
    doc.end();
    return done;
  });
}

interface OpenedImage {
  embed(doc: Pdf): void;
  finalize?: () => void;
}

/**
 * Embeds the images one after another, each written out before the next starts, and hands back
 * what `doc.image` takes in place of the bytes. pdfkit writes a PNG with transparency (a QR code,
 * most seals) only after an asynchronous inflate, so two of them would land in the file in
 * whichever order zlib finished: the same inputs must give the same bytes.
 */
export async function embedInOrder<T extends readonly (Buffer | undefined)[]>(
  doc: Pdf,
  images: T,
): Promise<T> {
  const embedded: (Buffer | undefined)[] = [];
  for (const bytes of images) {
    if (!bytes) {
      embedded.push(undefined);
      continue;
    }
    const image = (doc as unknown as { openImage(b: Buffer): OpenedImage }).openImage(bytes);
    await new Promise<void>((resolve) => {
      const finalize = image.finalize?.bind(image);
      if (finalize)
        image.finalize = () => {
          finalize();
          resolve();
        };
      image.embed(doc); // a JPEG or an opaque PNG is written at once (finalize ran, or there is none)
      if (!finalize) resolve();
    });
    // pdfkit's doc.image takes an opened image as well as bytes; its types only know the bytes.
    embedded.push(image as unknown as Buffer);
  }
  return embedded as unknown as T;
}

/** The document's structure tree, filled in reading order. */
export interface Structure {
  /** One structure element (`H1`, `P`, `Figure` with `alt`, …) holding what `drawn` puts on the page. */
  add(tag: string, drawn: () => unknown, options?: { alt?: string }): void;
  /** Decoration (borders, rules): not read aloud. */
  artifact(drawn: () => unknown): void;
}

/**
 * Every string of a document's input without control characters: events stored before they were
 * refused (issue 13) still hold them, and a NUL or ESC must not reach the PDF's text.
 */
export function printable<T>(value: T): T {
  if (typeof value === 'string') return withoutControlChars(value) as T;
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(printable) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)])) as T;
  return value;
}

/** What the certificate's QR code opens (G9): the human verification page, which runs the check. */
export function verificationUrl(publicBaseUrl: string, certificateNumber: string, code: string): string {
  return `${publicBaseUrl}/verify/${encodeURIComponent(certificateNumber)}?code=${encodeURIComponent(code)}`;
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
