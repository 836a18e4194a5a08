import { inflateSync } from 'node:zlib';
// jsqr is CommonJS: imported from an ES module, its default import is the module, holding `default`.
import jsqr from 'jsqr';

/** One image XObject of a PDF, decoded to one byte per channel and pixel. */
export interface PdfImage {
  width: number;
  height: number;
  channels: number;
  pixels: Buffer;
}

const num = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+)`).exec(dict)?.[1] ?? NaN);

/** The dictionary of object `n` (pdfkit writes its dictionaries as plain text, never in object streams). */
function objectDict(pdf: string, n: number): string {
  const at = pdf.indexOf(`\n${n} 0 obj`);
  return at < 0 ? '' : pdf.slice(at, pdf.indexOf('>>', at));
}

/** Reverses the PNG row filters (the `/Predictor 10…15` of a FlateDecode image). */
function unpredict(data: Buffer, width: number, bpp: number): Buffer {
  const stride = width * bpp;
  const rows = data.length / (stride + 1);
  const out = Buffer.alloc(rows * stride);
  for (let y = 0; y < rows; y++) {
    const type = data[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x];
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][type] ?? 0;
      out[y * stride + x] = (raw + pred) & 0xff;
    }
  }
  return out;
}

/**
 * The 8-bit gray or RGB images embedded in a pdfkit PDF (the raster of a PNG it was given: the
 * QR code is one), read straight from the file's bytes: each `/Subtype /Image` object's stream,
 * inflated, and un-predicted when its `DecodeParms` say so.
 */
export function pdfImages(bytes: Buffer): PdfImage[] {
  const pdf = bytes.toString('latin1');
  const images: PdfImage[] = [];
  const re = /\n(\d+) 0 obj\s*<<([\s\S]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(pdf); m; m = re.exec(pdf)) {
    const dict = m[2];
    if (!dict.includes('/Subtype /Image') || !dict.includes('/FlateDecode')) continue;
    if (num(dict, 'BitsPerComponent') !== 8) continue;
    const channels = dict.includes('/DeviceRGB') && !dict.includes('/Indexed') ? 3 : 1;
    if (!dict.includes('/DeviceRGB') && !dict.includes('/DeviceGray')) continue;
    const width = num(dict, 'Width');
    const height = num(dict, 'Height');
    const length = num(dict, 'Length');
    const start = m.index + m[0].length;
    let data: Buffer = inflateSync(bytes.subarray(start, start + length));
    const parms = /\/DecodeParms (\d+) 0 R/.exec(dict);
    if (parms && num(objectDict(pdf, Number(parms[1])), 'Predictor') >= 10)
      data = unpredict(data, width, channels);
    if (data.length !== width * height * channels) continue;
    images.push({ width, height, channels, pixels: data });
  }
  return images;
}

/** The text of the first QR code found among a PDF's images (decoded by jsQR), or null. */
export function qrFromPdf(bytes: Buffer): string | null {
  for (const img of pdfImages(bytes)) {
    const rgba = new Uint8ClampedArray(img.width * img.height * 4);
    for (let i = 0; i < img.width * img.height; i++) {
      for (let k = 0; k < 3; k++)
        rgba[i * 4 + k] = img.pixels[i * img.channels + (img.channels === 3 ? k : 0)];
      rgba[i * 4 + 3] = 255;
    }
    const code = jsqr.default(rgba, img.width, img.height);
    if (code) return code.data;
  }
  return null;
}
