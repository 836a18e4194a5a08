import type { DocumentsConfig } from '#config';
import { longDate, printable, qrPng, renderPdf, verificationUrl } from './pdf.js';

export interface CertificateInput {
  agencyName: string;
  certificateNumber: string;
  verificationCode: string;
  effectiveOn: string;
  approvedAt: string;
}

/** The completion certificate: who, since when, its number and the code anyone can verify it with. */
export async function renderCertificate(
  input: CertificateInput,
  signer: DocumentsConfig,
  publicBaseUrl: string,
): Promise<Buffer> {
  const c = printable(input);
  const url = verificationUrl(publicBaseUrl, c.certificateNumber, c.verificationCode);
  const qr = await qrPng(url);
  return renderPdf(
    { title: `One Mind Campaign certificate ${c.certificateNumber}`, createdAt: c.approvedAt },
    (doc) => {
      doc
        .font('Helvetica')
        .fontSize(12)
        .text('International Association of Chiefs of Police', { align: 'center' });
      doc
        .moveDown(1.5)
        .font('Helvetica-Bold')
        .fontSize(26)
        .text('Certificate of Completion', { align: 'center' });
      doc.moveDown(0.5).font('Helvetica').fontSize(14).text('One Mind Campaign', { align: 'center' });
      doc.moveDown(2).fontSize(12).text('This certifies that', { align: 'center' });
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(20).text(c.agencyName, { align: 'center' });
      doc
        .moveDown(0.5)
        .font('Helvetica')
        .fontSize(12)
        .text(
          'has fulfilled the One Mind Pledge: a partnership with a community mental-health organisation, a leading-practice policy, and mental-health training of all of its sworn officers.',
          { align: 'center' },
        );
      doc.moveDown(1.5).text(`Effective ${longDate(c.effectiveOn)}`, { align: 'center' });
      doc.moveDown(0.5).text(`Certificate number ${c.certificateNumber}`, { align: 'center' });
      doc.text(`Verification code ${c.verificationCode}`, { align: 'center' });
      doc.moveDown(2).font('Helvetica-Bold').text(signer.presidentName, { align: 'center' });
      doc.font('Helvetica').text(signer.presidentTitle, { align: 'center' });
      const y = doc.page.height - 72 - 140;
      doc.image(qr, 72, y, { width: 110 });
      doc
        .fontSize(8)
        .text(`Verify this certificate: ${url}`, 190, y + 40, { width: doc.page.width - 190 - 72 });
    },
  );
}
