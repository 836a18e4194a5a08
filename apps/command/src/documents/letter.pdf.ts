import { NAVY, defaultSeal, emblem, signatureBlock } from './art.js';
import type { CertificateInput, DocumentOptions } from './certificate.pdf.js';
import { embedInOrder, longDate, printable, renderPdf } from './pdf.js';
import { salutation } from './salutation.js';
import { campaignWording } from './campaign-wording.js';

export interface LetterInput extends CertificateInput {
  addressedTo: { name: string; title: string };
}

const MARGIN = 72;
const SEAL = 56;

/**
 * The letter of acknowledgment from the IACP President to the agency head who signed the pledge:
 * on letterhead, addressed by title, ragged-right (justified text left rivers of white space),
 * signed. No QR code: the certificate carries the check.
 */
export async function renderLetter(input: LetterInput, options: DocumentOptions): Promise<Buffer> {
  const l = printable(input);
  const words = printable(campaignWording(input.ruleSet));
  const signer = printable(options.signer);
  return renderPdf(
    { title: `Letter of acknowledgment ${l.certificateNumber}`, createdAt: l.approvedAt },
    { layout: 'portrait', margin: MARGIN },
    async (doc, content) => {
      const [seal, signature] = await embedInOrder(doc, [options.art.seal, signer.signature]);
      const { width } = doc.page;
      const text = width - 2 * MARGIN;
      const paragraph = (body: string) => {
        doc.moveDown();
        content.add('P', () => doc.text(body, MARGIN, doc.y, { width: text, align: 'left', lineGap: 2 }));
      };

      content.add('Figure', () => emblem(doc, seal, { x: MARGIN, y: 48, size: SEAL }, defaultSeal), {
        alt: 'Seal of the International Association of Chiefs of Police',
      });
      content.add('P', () => {
        doc.font('Helvetica-Bold').fontSize(15).fillColor(NAVY);
        doc.text('International Association of Chiefs of Police', MARGIN + SEAL + 14, 58, {
          width: text - SEAL,
        });
        doc
          .font('Helvetica')
          .fontSize(10.5)
          .text('Office of the President', MARGIN + SEAL + 14, doc.y + 2);
      });
      content.artifact(() =>
        doc
          .lineWidth(1)
          .moveTo(MARGIN, 48 + SEAL + 10)
          .lineTo(width - MARGIN, 48 + SEAL + 10)
          .stroke(NAVY),
      );

      doc.font('Helvetica').fontSize(11).fillColor('black');
      doc.y = 48 + SEAL + 40;
      content.add('P', () => doc.text(longDate(l.approvedAt), MARGIN, doc.y));
      doc.moveDown(1.5);
      content.add('P', () => doc.text(l.addressedTo.name).text(l.addressedTo.title).text(l.agencyName));
      doc.moveDown(1.5);
      content.add('P', () => doc.text(salutation(l.addressedTo)));
      paragraph(
        `On behalf of the International Association of Chiefs of Police, I congratulate ${l.agencyName} on completing the ${words.name}, effective ${longDate(l.effectiveOn)} (certificate ${l.certificateNumber}).`,
      );
      paragraph(words.thanks);
      doc.moveDown(2);
      content.add('P', () => doc.text('Sincerely,', MARGIN, doc.y));
      signatureBlock(
        doc,
        content,
        { ...signer, signature },
        { x: MARGIN, y: doc.y + 4, width: 260, align: 'left' },
      );
    },
  );
}
