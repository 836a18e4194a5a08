import { PDFParse } from 'pdf-parse';
import { renderCertificate } from '../src/documents/certificate.pdf.js';
import { renderLetter } from '../src/documents/letter.pdf.js';

const pdfText = async (bytes: Buffer) => (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text;
const signer = { presidentName: 'Chief Jane Q. Example', presidentTitle: 'President' };
/** As events stored before control characters were refused (issue 13) may still hold them. */
const facts = {
  agencyName: 'Old\u0000 PD\u001b[31m\u0007 <&>',
  certificateNumber: 'OM-2025-OLD-1',
  verificationCode: 'CODE234567',
  effectiveOn: '2025-09-10',
  approvedAt: '2025-09-10T10:00:00.000Z',
};
const layout = /(?![\t\n\r])\p{Cc}/u; // the text extractor's own tabs and line breaks aside

describe('documents from old stored text (issue 13, item 5)', () => {
  it('the certificate and the letter hold no control characters, and keep the visible text', async () => {
    const cert = await pdfText(await renderCertificate(facts, signer, 'https://onemind.example'));
    const letter = await pdfText(
      await renderLetter(
        { ...facts, addressedTo: { name: 'Pat\u0000 Chief', title: 'Chief\u0085' } },
        signer,
        'https://onemind.example',
      ),
    );
    for (const text of [cert, letter]) {
      expect(text).not.toMatch(layout);
      expect(text).toMatch(/Old +PD \[31m +<&>/);
    }
    expect(letter).toMatch(/Dear Pat +Chief,/);
  });
});
