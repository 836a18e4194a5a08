import type { DocumentsConfig } from '#config';
import { longDate, printable, qrPng, renderPdf, verificationUrl } from './pdf.js';
import type { CertificateInput } from './certificate.pdf.js';

export interface LetterInput extends CertificateInput {
  addressedTo: { name: string; title: string };
}

/** The letter of acknowledgment from the IACP President, to the agency head who signed the pledge. */
export async function renderLetter(
  input: LetterInput,
  signer: DocumentsConfig,
  publicBaseUrl: string,
): Promise<Buffer> {
  const l = printable(input);
  const url = verificationUrl(publicBaseUrl, l.certificateNumber, l.verificationCode);
  const qr = await qrPng(url);
  return renderPdf(
    { title: `Letter of acknowledgment ${l.certificateNumber}`, createdAt: l.approvedAt },
    (doc) => {
      doc.font('Helvetica-Bold').fontSize(14).text('International Association of Chiefs of Police');
      doc.font('Helvetica').fontSize(11).text('Office of the President');
      doc.moveDown(2).text(longDate(l.approvedAt));
      doc.moveDown(1.5).text(l.addressedTo.name).text(l.addressedTo.title).text(l.agencyName);
      doc.moveDown(1.5).text(`Dear ${l.addressedTo.name},`);
      doc
        .moveDown()
        .text(
          `On behalf of the International Association of Chiefs of Police, I congratulate ${l.agencyName} on completing the One Mind Campaign, effective ${longDate(l.effectiveOn)} (certificate ${l.certificateNumber}).`,
          { align: 'justify' },
        );
      doc
        .moveDown()
        .text(
          'By partnering with your community mental-health organisations, adopting a leading-practice policy and training every sworn officer, your agency has committed to safer, more compassionate responses to people affected by mental illness. Thank you for your leadership.',
          { align: 'justify' },
        );
      doc.moveDown(2).text('Sincerely,');
      doc.moveDown(2).font('Helvetica-Bold').text(signer.presidentName);
      doc.font('Helvetica').text(signer.presidentTitle);
      const y = doc.page.height - 72 - 90;
      doc.image(qr, 72, y, { width: 80 });
      doc.fontSize(8).text(`Verify: ${url}`, 160, y + 30, { width: doc.page.width - 160 - 72 });
    },
  );
}
