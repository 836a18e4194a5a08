import type { Pdf, Signer, Structure } from './pdf.js';

export const NAVY = '#1f3a5f';
export const GOLD = '#a8823a';

/** A configured image, fitted and centred in the box; or, unset, the neutral vector drawing. */
export function emblem(
  doc: Pdf,
  image: Buffer | undefined,
  box: { x: number; y: number; size: number },
  fallback: (doc: Pdf, cx: number, cy: number, r: number) => void,
): void {
  const { x, y, size } = box;
  if (image) doc.image(image, x, y, { fit: [size, size], align: 'center', valign: 'center' });
  else fallback(doc, x + size / 2, y + size / 2, size / 2);
  doc.fillColor('black').strokeColor('black');
}

/**
 * The built-in stand-in for the IACP seal: two rings and a five-pointed star, no lettering of
 * IACP's own (an installation configures the real seal, `IACP_SEAL_IMAGE`).
 */
export function defaultSeal(doc: Pdf, cx: number, cy: number, r: number): void {
  doc
    .save()
    .lineWidth(2)
    .circle(cx, cy, r - 1)
    .stroke(NAVY);
  doc
    .lineWidth(0.75)
    .circle(cx, cy, r * 0.8)
    .stroke(GOLD);
  const points: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r * 0.55 : r * 0.22;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  doc.polygon(...points).fill(NAVY);
  doc.restore();
}

/** The built-in campaign mark: a ring with two arcs meeting, like two minds joined (neutral art). */
export function defaultMark(doc: Pdf, cx: number, cy: number, r: number): void {
  doc
    .save()
    .lineWidth(2)
    .circle(cx, cy, r - 1)
    .stroke(GOLD);
  doc.lineWidth(3);
  doc.moveTo(cx - r * 0.5, cy + r * 0.3).bezierCurveTo(cx - r * 0.5, cy - r * 0.6, cx, cy - r * 0.6, cx, cy);
  doc.moveTo(cx + r * 0.5, cy + r * 0.3).bezierCurveTo(cx + r * 0.5, cy - r * 0.6, cx, cy - r * 0.6, cx, cy);
  doc.stroke(NAVY);
  doc.circle(cx, cy + r * 0.3, r * 0.12).fill(NAVY);
  doc.restore();
}

/** The signature (when configured for this signer) over a rule, then the name and the title. */
export function signatureBlock(
  doc: Pdf,
  content: Structure,
  signer: Signer,
  at: { x: number; y: number; width: number; align?: 'left' | 'center' },
): void {
  const align = at.align ?? 'center';
  const sig = signer.signature;
  if (sig)
    content.add(
      'Figure',
      () =>
        doc.image(sig, at.x, at.y, {
          fit: [at.width, 44],
          align: align === 'center' ? 'center' : undefined,
          valign: 'bottom',
        }),
      { alt: `Signature of ${signer.name}` },
    );
  content.artifact(() =>
    doc
      .lineWidth(0.75)
      .moveTo(at.x, at.y + 48)
      .lineTo(at.x + at.width, at.y + 48)
      .stroke('black'),
  );
  content.add('P', () => {
    doc.font('Helvetica-Bold').fontSize(11).fillColor('black');
    doc.text(signer.name, at.x, at.y + 54, { width: at.width, align });
    doc.font('Helvetica').fontSize(9).text(signer.title, at.x, doc.y, { width: at.width, align });
  });
}
