import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ALLOWED_FILE_TYPES, isImageType, SNIFF_BYTES, sniffFileType } from '#shared/files/file-type';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(Buffer.from(p, 'latin1')) : p)));

/** A real 1×1 PNG, built the way encoders write it. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    return out; // the CRC is not what decides the type
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Uint8Array.from(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 0, 0, 0]))), chunk('IEND', Buffer.alloc(0))]));
}

describe('the magic-byte sniffer', () => {
  it('recognises the allowed types by their signatures', () => {
    expect(sniffFileType(bytes([0xff, 0xd8, 0xff, 0xe0], '\0\x10JFIF\0'))).toBe('image/jpeg');
    expect(sniffFileType(bytes([0xff, 0xd8, 0xff, 0xe1], '..Exif'))).toBe('image/jpeg');
    expect(sniffFileType(tinyPng())).toBe('image/png');
    expect(sniffFileType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffFileType(bytes('%PDF-1.7\n%âãÏÓ'))).toBe('application/pdf');
  });

  it('refuses markup, scripts, SVG and every other type, whatever the extension or the declared type would say', () => {
    const refused = [
      '<!doctype html><script>alert(1)</script>',
      '<html><body>',
      '\uFEFF<html>',
      '   <script src="/x"></script>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      '<?xml version="1.0"?><svg/>',
      'alert(document.cookie)',
      'GIF89a\x01\x00\x01\x00',
      'BM\x36\x00\x00\x00', // BMP
      'PK\x03\x04', // ZIP, DOCX, XLSX
      'RIFF\x24\x00\x00\x00WAVEfmt ', // a RIFF that is not WebP
      ' %PDF-1.4', // a PDF header not at the start: how polyglots hide
      '\x00\x00\x00\x18ftypheic', // HEIC
      '',
    ];
    for (const text of refused) expect(sniffFileType(bytes(text)), JSON.stringify(text)).toBeNull();
  });

  it('needs no more than SNIFF_BYTES, and a truncated signature is refused', () => {
    const webp = bytes('RIFF', [1, 2, 3, 4], 'WEBP', 'VP8L', 'x'.repeat(100));
    expect(sniffFileType(webp.subarray(0, SNIFF_BYTES))).toBe('image/webp');
    expect(sniffFileType(webp.subarray(0, SNIFF_BYTES - 1))).toBeNull();
    expect(sniffFileType(tinyPng().subarray(0, 7))).toBeNull();
    expect(sniffFileType(bytes([0xff, 0xd8]))).toBeNull();
  });

  it('only photos are shown in place; SVG never is', () => {
    expect(ALLOWED_FILE_TYPES.filter(isImageType)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(isImageType('image/svg+xml')).toBe(false);
    expect(isImageType('application/pdf')).toBe(false);
    expect(isImageType(null)).toBe(false);
  });
});
