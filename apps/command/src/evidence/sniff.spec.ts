import { contentDisposition } from './content-disposition.js';
import { declaredTypeAgrees, extensionAgrees, safeFilename, sniffMediaType } from './sniff.js';

describe('evidence types by their bytes (G12)', () => {
  it('recognises PDF, PNG and JPEG signatures and nothing else', () => {
    expect(sniffMediaType(Buffer.from('%PDF-1.7\n%âãÏÓ'))).toBe('application/pdf');
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).toBe('image/jpeg');
    for (const other of [
      '<!DOCTYPE html><html>',
      '<?xml version="1.0"?><svg',
      '<svg xmlns="http://www.w3.org/2000/svg">',
      'PK\u0003\u0004zipzip',
      ' %PDF-1.7 (junk first)',
      '%PDF', // too short to be the header
      '',
      'GIF89a......',
    ])
      expect([other, sniffMediaType(Buffer.from(other, 'latin1'))]).toEqual([other, null]);
    // A PNG signature cut short is not a PNG.
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
  });

  it('a declared type agrees when it names the same type or is generic', () => {
    expect(declaredTypeAgrees('application/pdf', 'application/pdf')).toBe(true);
    expect(declaredTypeAgrees('Application/PDF; name=x', 'application/pdf')).toBe(true);
    expect(declaredTypeAgrees('application/octet-stream', 'image/png')).toBe(true);
    expect(declaredTypeAgrees('', 'image/png')).toBe(true);
    expect(declaredTypeAgrees('image/jpg', 'image/jpeg')).toBe(true);
    expect(declaredTypeAgrees('image/png', 'application/pdf')).toBe(false);
    expect(declaredTypeAgrees('text/html', 'application/pdf')).toBe(false);
    expect(declaredTypeAgrees('image/svg+xml', 'image/png')).toBe(false);
  });

  it('a file name whose extension names another type was renamed', () => {
    expect(extensionAgrees('mou.pdf', 'application/pdf')).toBe(true);
    expect(extensionAgrees('scan.JPEG', 'image/jpeg')).toBe(true);
    expect(extensionAgrees('scan', 'image/png')).toBe(true);
    expect(extensionAgrees('Scan 2025.03.01', 'application/pdf')).toBe(true);
    expect(extensionAgrees('scan.pdf', 'image/png')).toBe(false);
    expect(extensionAgrees('page.html', 'application/pdf')).toBe(false);
    expect(extensionAgrees('C:\\docs\\logo.svg', 'image/png')).toBe(false);
  });

  it('stored names: no path, no control or reserved characters, the right extension, bounded', () => {
    expect(safeFilename('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(safeFilename('C:\\Users\\chief\\MOU "final".pdf', 'application/pdf')).toBe('MOU final.pdf');
    expect(safeFilename('a\u0000b\u202ecod.pdf', 'application/pdf')).toBe('abcod.pdf');
    expect(safeFilename(undefined, 'image/png')).toBe('evidence.png');
    expect(safeFilename('...', 'image/jpeg')).toBe('evidence.jpg');
    expect(safeFilename('Scan 2025.03.01', 'application/pdf')).toBe('Scan 2025.03.01.pdf');
    const long = safeFilename(`${'x'.repeat(500)}.pdf`, 'application/pdf');
    expect([long.length, long.endsWith('.pdf')]).toEqual([200, true]);
  });

  it('downloads are attachments whose header cannot be broken by the name', () => {
    expect(contentDisposition('MOU 2025.pdf')).toBe(
      `attachment; filename="MOU 2025.pdf"; filename*=UTF-8''MOU%202025.pdf`,
    );
    expect(contentDisposition('Überweisung (1).pdf')).toBe(
      `attachment; filename="_berweisung (1).pdf"; filename*=UTF-8''%C3%9Cberweisung%20%281%29.pdf`,
    );
    expect(contentDisposition('a\\b%c.pdf')).toBe(
      `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%5Cb%25c.pdf`,
    );
  });
});
