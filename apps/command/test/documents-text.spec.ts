import { createHash } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { renderCertificate } from '../src/documents/certificate.pdf.js';
import { renderLetter } from '../src/documents/letter.pdf.js';
import { qrPng } from '../src/documents/pdf.js';

const parse = (bytes: Buffer) => new PDFParse({ data: new Uint8Array(bytes) });
const pdfText = async (bytes: Buffer) => (await parse(bytes).getText()).text;
const imageCount = async (bytes: Buffer) =>
  (await parse(bytes).getImage({ imageBuffer: false })).pages.reduce((n, p) => n + p.images.length, 0);
const pageSize = async (bytes: Buffer) => {
  const info = await parse(bytes).getInfo({ parsePageInfo: true });
  expect(info.total).toBe(1); // everything on one page
  return info.pages[0];
};
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const options = {
  signer: { name: 'Chief Jane Q. Example', title: 'President' },
  art: {},
  publicBaseUrl: 'https://onemind.example',
};
/** As events stored before control characters were refused (issue 13) may still hold them. */
const facts = {
  agencyName: 'Old\u0000 PD\u001b[31m\u0007 <&>',
  certificateNumber: 'OM-2025-OLD-1',
  verificationCode: 'CODE234567',
  effectiveOn: '2025-09-10',
  approvedAt: '2025-09-10T10:00:00.000Z',
};
const layout = /(?![\t\n\r])\p{Cc}/u; // the text extractor's own tabs and line breaks aside
const ott = { name: 'Shawn Ott', title: 'Chief of Police' };

describe('documents from old stored text (issue 13, item 5)', () => {
  it('the certificate and the letter hold no control characters, and keep the visible text', async () => {
    const cert = await pdfText(await renderCertificate(facts, options));
    const letter = await pdfText(
      await renderLetter(
        { ...facts, addressedTo: { name: 'Pat\u0000 Chief', title: 'Chief\u0085' } },
        options,
      ),
    );
    for (const text of [cert, letter]) {
      expect(text).not.toMatch(layout);
      expect(text).toMatch(/Old +PD \[31m +<&>/);
    }
    expect(letter).toMatch(/Dear Chief +Chief,/);
  });
});

describe('documents worth sending (issue 17, item 5)', () => {
  const agency = { ...facts, agencyName: 'Lenexa Police Department' };

  it('the certificate is one landscape page naming the signer, its number and the verification URL', async () => {
    const bytes = await renderCertificate(agency, options);
    const page = await pageSize(bytes);
    expect(page.width).toBeGreaterThan(page.height);
    expect([page.width, page.height]).toEqual([792, 612]);
    const text = await pdfText(bytes);
    for (const s of [
      'Certificate of Completion',
      'Lenexa Police Department',
      'Effective September 10, 2025',
      'Chief Jane Q. Example',
      'OM-2025-OLD-1',
      'CODE234567',
      'https://onemind.example/verify/OM-2025-OLD-1?code=CODE234567',
    ])
      expect(text).toContain(s);
    expect(bytes.toString('latin1')).toMatch(/\/S \/H1/);
    // The QR code plus the two built-in emblems, which are vectors, not images.
    expect(await imageCount(bytes)).toBe(1);
  });

  it('the letter is a portrait page, "Dear Chief Ott,", signed by the signer, with no QR code and no URL', async () => {
    const bytes = await renderLetter({ ...agency, addressedTo: ott }, options);
    const page = await pageSize(bytes);
    expect(page.height).toBeGreaterThan(page.width);
    const text = await pdfText(bytes);
    expect(text).toContain('Dear Chief Ott,');
    expect(text).not.toContain('Shawn Ott,');
    expect(text).toMatch(/Sincerely,\s+Chief Jane Q. Example\s+President/);
    expect(text).toContain('International Association of Chiefs of Police');
    expect(text).not.toContain('/verify/');
    expect(await imageCount(bytes)).toBe(0);
  });

  it('configured images are printed: seal and mark on the certificate, seal and signature on the letter', async () => {
    const png = await qrPng('stand-in image'); // any PNG will do
    const withArt = {
      ...options,
      art: { seal: png, mark: png },
      signer: { ...options.signer, signature: png },
    };
    expect(await imageCount(await renderCertificate(agency, withArt))).toBe(4); // mark, seal, signature, QR
    expect(await imageCount(await renderLetter({ ...agency, addressedTo: ott }, withArt))).toBe(2);
  });

  it('both are tagged PDFs: a structure tree, marked content, a language and the title shown', async () => {
    for (const bytes of [
      await renderCertificate(agency, options),
      await renderLetter({ ...agency, addressedTo: ott }, options),
    ]) {
      const raw = bytes.toString('latin1');
      expect(raw).toContain('/StructTreeRoot');
      expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
      expect(raw).toMatch(/\/Marked true/);
      expect(raw).toContain('/Lang (en-US)');
      expect(raw).toMatch(/\/S \/P\b/);
      expect(raw).toMatch(/\/S \/Figure/);
      expect(raw).toContain('/DisplayDocTitle true');
    }
  });

  it('the same inputs give the same bytes (the SHA-256 recorded in the log stays true)', async () => {
    // Transparent PNGs (a QR code, most seals) are written after an asynchronous inflate: without
    // embedding them in order, their order in the file followed zlib's timing (seen here 1 in 3).
    const png = await qrPng('stand-in image');
    const withArt = {
      ...options,
      art: { seal: png, mark: await qrPng('mark') },
      signer: { ...options.signer, signature: png },
    };
    const letter = { ...agency, addressedTo: ott };
    for (const render of [() => renderCertificate(agency, withArt), () => renderLetter(letter, withArt)]) {
      const hashes = await Promise.all(Array.from({ length: 6 }, async () => sha256(await render())));
      expect(new Set(hashes).size).toBe(1);
    }
  }, 30_000);
});

describe("documents name the agency's campaign (issue 18 item 2)", () => {
  const agency = { ...facts, agencyName: 'Lenexa Police Department' };
  const letterOf = (extra: object) => ({ ...agency, addressedTo: ott, ...extra });

  it("a One Mind cycle's certificate and letter are the bytes they always were, whatever its rule set", async () => {
    for (const ruleSet of ['one-mind-2016', 'one-mind-2023'] as const) {
      expect(sha256(await renderCertificate({ ...agency, ruleSet }, options))).toBe(
        sha256(await renderCertificate(agency, options)),
      );
      expect(sha256(await renderLetter(letterOf({ ruleSet }), options))).toBe(
        sha256(await renderLetter(letterOf({}), options)),
      );
    }
  });

  it('a Trust Building certificate and letter carry its title from the campaign data, not One Mind', async () => {
    const ruleSet = 'trust-building-2022' as const;
    const cert = await renderCertificate({ ...agency, ruleSet }, options);
    const letter = await renderLetter(letterOf({ ruleSet }), options);
    const [certText, letterText] = [await pdfText(cert), await pdfText(letter)];
    expect(certText).toContain('IACP Trust Building Campaign');
    expect(certText.replace(/\s+/g, ' ')).toContain(
      'has fulfilled the pledge of the IACP Trust Building Campaign: all 25 of its key policies and promising practices',
    );
    expect(letterText.replace(/\s+/g, ' ')).toContain(
      'on completing the IACP Trust Building Campaign, effective',
    );
    for (const text of [certText, letterText]) expect(text).not.toMatch(/One Mind|mental/);
    expect(cert.toString('latin1')).toContain('IACP Trust Building Campaign certificate OM-2025-OLD-1');
  });
});
