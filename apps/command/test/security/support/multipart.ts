import fc from 'fast-check';

/** The boundary of the sample upload (write-samples.ts) and of the mutations below. */
export const BOUNDARY = 'onemind-sample-boundary';
export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** An ASCII-only PDF: the sample is a string body like every other sample. */
export const SAMPLE_PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';

export interface Part {
  name: string;
  value: string;
  filename?: string;
  type?: string;
}

export function multipartBody(parts: Part[], boundary = BOUNDARY, close = true): string {
  const body = parts
    .map((p) => {
      const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
      const type = p.type === undefined ? '' : `\r\nContent-Type: ${p.type}`;
      return `--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n${p.value}\r\n`;
    })
    .join('');
  return close ? `${body}--${boundary}--\r\n` : body;
}

export const SAMPLE_PARTS: Part[] = [
  { name: 'requirement', value: 'partnership' },
  { name: 'description', value: 'signed MOU' },
  { name: 'file', value: SAMPLE_PDF, filename: 'mou.pdf', type: 'application/pdf' },
];

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    'a\u0000b',
    '<svg onload=x>',
    'x'.repeat(5000),
  ),
);

/**
 * G8 for the multipart route: the sample upload with random damage — field values, file names,
 * declared types and file bytes replaced, parts dropped or repeated, unknown parts, a body cut
 * anywhere, a wrong or missing boundary in the header.
 */
export function mutatedMultipart(): fc.Arbitrary<{ b: string; h: Record<string, string> }> {
  const partMutation = fc.oneof(
    fc.tuple(fc.constantFrom(0, 1, 2), text).map(
      ([i, v]) =>
        (ps: Part[]) =>
          ps.map((p, j) => (j === i ? { ...p, value: v } : p)),
    ),
    text.map((f) => (ps: Part[]) => ps.map((p) => (p.name === 'file' ? { ...p, filename: f } : p))),
    text.map((t) => (ps: Part[]) => ps.map((p) => (p.name === 'file' ? { ...p, type: t } : p))),
    text.map((v) => (ps: Part[]) => ps.map((p) => (p.name === 'file' ? { ...p, value: `%PDF-${v}` } : p))),
    text.map(
      (v) => (ps: Part[]) => ps.map((p) => (p.name === 'file' ? { ...p, value: `${v}${p.value}` } : p)),
    ),
    fc.nat({ max: 2 }).map((i) => (ps: Part[]) => ps.filter((_, j) => j !== i)),
    // Repeat a part that is there: an earlier mutation may have dropped some (or all) of them.
    fc.nat({ max: 2 }).map((i) => (ps: Part[]) => (ps.length === 0 ? ps : [...ps, ps[i % ps.length]])),
    fc.tuple(text, text).map(([name, value]) => (ps: Part[]) => [...ps, { name, value }]),
    fc.constant((ps: Part[]) => [...ps].reverse()),
  );
  const body = fc
    .tuple(
      fc.array(partMutation, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      fc.option(fc.nat({ max: 400 })),
    )
    .map(([mutations, close, cut]) => {
      const b = multipartBody(
        mutations.reduce((ps, m) => m(ps), SAMPLE_PARTS),
        BOUNDARY,
        close,
      );
      return cut === null ? b : b.slice(0, cut);
    });
  const header = fc.oneof(
    { weight: 6, arbitrary: fc.constant(MULTIPART_TYPE) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary=other',
        `multipart/mixed; boundary=${BOUNDARY}`,
        `multipart/form-data; boundary=${BOUNDARY}; charset=utf-16`,
        'application/pdf',
      ),
    },
  );
  return fc.tuple(body, header).map(([b, h]) => ({ b, h: { 'content-type': h } }));
}
