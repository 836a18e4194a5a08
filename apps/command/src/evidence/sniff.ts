import type { EvidenceMediaType } from '#events';

/** How many leading bytes `sniffMediaType` needs to decide. */
export const SNIFF_BYTES = 8;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PDF = Buffer.from('%PDF-', 'latin1');

/**
 * G12: a document's type is what its first bytes say, never its name or declared type. Only the
 * three signatures below are accepted; HTML, SVG, ZIP, Office files and anything else are not
 * (a PDF must begin with its header: the leeway readers give for junk before it is how polyglots
 * are made).
 */
export function sniffMediaType(head: Buffer): EvidenceMediaType | null {
  const starts = (sig: Buffer) => head.length >= sig.length && head.subarray(0, sig.length).equals(sig);
  if (starts(PDF)) return 'application/pdf';
  if (starts(PNG)) return 'image/png';
  if (starts(JPEG)) return 'image/jpeg';
  return null;
}

const EXTENSIONS: Record<EvidenceMediaType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
};

/** A declared type agrees with the bytes when it names the same type or says nothing (octet-stream). */
export function declaredTypeAgrees(declared: string, actual: EvidenceMediaType): boolean {
  const type = declared.split(';')[0].trim().toLowerCase();
  if (type === '' || type === 'application/octet-stream') return true;
  return type === actual || (actual === 'image/jpeg' && type === 'image/jpg');
}

/**
 * The uploader's file name made safe to store and to send back in Content-Disposition: no path, no
 * control or reserved characters, at most 200 characters. A name with another type's extension
 * (a PNG named .pdf) is refused by the caller; a name without one gets the right one.
 */
export function safeFilename(raw: string | undefined, type: EvidenceMediaType): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"*:<>?|]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const ext = extensionOf(name);
  if (ext === null || !EXTENSIONS[type].includes(ext)) name = `${name || 'evidence'}.${EXTENSIONS[type][0]}`;
  if (name.length > 200) {
    const ext = extensionOf(name)!;
    name = `${name.slice(0, 199 - ext.length)}.${ext}`;
  }
  return name;
}

/** Extensions that name a type of their own: a file so named whose bytes say otherwise was renamed. */
const TYPED_EXTENSIONS = new Set(
  'pdf png jpg jpeg gif webp bmp tif tiff svg svgz html htm xhtml xml js mjs zip gz 7z rar doc docx xls xlsx ppt pptx odt txt csv exe'.split(
    ' ',
  ),
);

/** False when the name's extension names another type than the bytes (report.pdf holding HTML or a PNG). */
export function extensionAgrees(name: string | undefined, type: EvidenceMediaType): boolean {
  const ext = extensionOf((name ?? '').split(/[\\/]/).pop() ?? '');
  return ext === null || !TYPED_EXTENSIONS.has(ext) || EXTENSIONS[type].includes(ext);
}

function extensionOf(name: string): string | null {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1].toLowerCase() : null;
}
