import type { RuleSetId } from '#events';
import { campaignWording } from './campaign-wording.js';
import { GOLD, NAVY, defaultMark, defaultSeal, emblem, signatureBlock } from './art.js';
import {
  embedInOrder,
  longDate,
  printable,
  qrPng,
  renderPdf,
  verificationUrl,
  type DocumentArt,
  type Pdf,
  type Signer,
} from './pdf.js';

export interface CertificateInput {
  agencyName: string;
  /** The cycle's rule set, which names the campaign; absent: One Mind (campaign-wording.ts). */
  ruleSet?: RuleSetId;
  certificateNumber: string;
  verificationCode: string;
  effectiveOn: string;
  approvedAt: string;
}

export interface DocumentOptions {
  signer: Signer;
  art: DocumentArt;
  publicBaseUrl: string;
}

const MARGIN = 54;
const EMBLEM = 84;

/**
 * The completion certificate, landscape: a border, the campaign's mark and the IACP seal, who and
 * since when, the President's signature, and a QR code that opens the verification page.
 */
export async function renderCertificate(input: CertificateInput, options: DocumentOptions): Promise<Buffer> {
  const c = printable(input);
  const words = printable(campaignWording(input.ruleSet));
  const signer = printable(options.signer);
  const url = verificationUrl(options.publicBaseUrl, c.certificateNumber, c.verificationCode);
  const qr = await qrPng(url);
  return renderPdf(
    { title: `${words.name} certificate ${c.certificateNumber}`, createdAt: c.approvedAt },
    { layout: 'landscape', margin: MARGIN },
    async (doc, content) => {
      const art = options.art;
      const [mark, seal, signature, qrImage] = await embedInOrder(doc, [
        art.mark,
        art.seal,
        signer.signature,
        qr,
      ] as const);
      const { width, height } = doc.page;
      const inner = width - 2 * MARGIN - 2 * EMBLEM - 40;
      // One centred line (or paragraph) between the two emblems, in its own structure element.
      const centred = (tag: string, text: string, size: number, bold = false, color = NAVY) =>
        content.add(tag, () =>
          doc
            .font(bold ? 'Helvetica-Bold' : 'Helvetica')
            .fontSize(size)
            .fillColor(color)
            .text(text, MARGIN + EMBLEM + 20, doc.y, { width: inner, align: 'center' }),
        );

      content.artifact(() => border(doc));
      content.add('Figure', () => emblem(doc, mark, box(MARGIN + 12, MARGIN + 12), defaultMark), {
        alt: `${words.name} mark`,
      });
      content.add(
        'Figure',
        () => emblem(doc, seal, box(width - MARGIN - 12 - EMBLEM, MARGIN + 12), defaultSeal),
        { alt: 'Seal of the International Association of Chiefs of Police' },
      );
      doc.y = MARGIN + 24;
      centred('P', 'INTERNATIONAL ASSOCIATION OF CHIEFS OF POLICE', 11);
      doc.moveDown(0.6);
      centred('H1', 'Certificate of Completion', 32, true);
      centred('P', words.name, 15);
      content.artifact(() =>
        doc
          .lineWidth(1)
          .moveTo(width / 2 - 90, doc.y + 14)
          .lineTo(width / 2 + 90, doc.y + 14)
          .stroke(GOLD),
      );
      doc.moveDown(3);
      centred('P', 'This certifies that', 12, false, 'black');
      doc.moveDown(0.6);
      centred('H2', c.agencyName, 26, true);
      doc.moveDown(0.6);
      centred('P', words.fulfilled, 11.5, false, 'black');
      doc.moveDown(1.2);
      centred('P', `Effective ${longDate(c.effectiveOn)}`, 12, true);

      const bottom = height - MARGIN - 24;
      signatureBlock(doc, content, { ...signer, signature }, { x: MARGIN + 40, y: bottom - 92, width: 230 });
      content.add('P', () => {
        doc.font('Helvetica').fontSize(9).fillColor('black');
        const x = width / 2 - 120;
        doc.text(`Certificate number ${c.certificateNumber}`, x, bottom - 30, {
          width: 240,
          align: 'center',
        });
        doc.text(`Verification code ${c.verificationCode}`, x, doc.y, { width: 240, align: 'center' });
      });
      const qrSize = 78;
      const qrX = width - MARGIN - 40 - qrSize;
      content.add('Figure', () => doc.image(qrImage, qrX, bottom - qrSize - 20, { width: qrSize }), {
        alt: `QR code: verify this certificate at ${url}`,
      });
      content.add('P', () =>
        doc
          .font('Helvetica')
          .fontSize(6.5)
          .fillColor('black')
          .text(`Verify: ${url}`, qrX - 200, bottom - 14, { width: qrSize + 200, align: 'right' }),
      );
    },
  );
}

const box = (x: number, y: number) => ({ x, y, size: EMBLEM });

function border(doc: Pdf): void {
  const { width, height } = doc.page;
  const inset = MARGIN / 2;
  doc.save();
  doc
    .lineWidth(4)
    .rect(inset, inset, width - 2 * inset, height - 2 * inset)
    .stroke(NAVY);
  doc
    .lineWidth(1)
    .rect(inset + 8, inset + 8, width - 2 * inset - 16, height - 2 * inset - 16)
    .stroke(GOLD);
  doc.restore();
}
