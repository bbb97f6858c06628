/**
 * Draws the app icons (PNG) without image tooling: a green field with a white sheet of
 * paper and lines, the filing of a request. Run `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const GREEN = [11, 110, 79];
const WHITE = [255, 255, 255];
const LINE = [11, 110, 79];

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A two-colour palette PNG, one bit a pixel: the icons are precached, so every byte of them is
 * in every install (truecolour RGB made them 10 KB; this is under 2 KB for the four).
 */
function png(size: number, pixel: (x: number, y: number) => number[]): Buffer {
  const palette = [GREEN, WHITE];
  const stride = Math.ceil(size / 8) + 1;
  const raw = Buffer.alloc(stride * size);
  for (let y = 0; y < size; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const index = palette.findIndex((c) => c.every((v, i) => v === pixel(x, y)[i]));
      if (index < 0) throw new Error('A colour outside the palette');
      if (index === 1) raw[y * stride + 1 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 3; // colour type: palette
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from(palette.flat())),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** `scale` is the share of the icon the sheet may use (maskable icons keep to the safe zone). */
function icon(size: number, scale: number): Buffer {
  return png(size, (x, y) => {
    const u = (x / size - 0.5) / scale + 0.5;
    const v = (y / size - 0.5) / scale + 0.5;
    const inSheet = u > 0.25 && u < 0.75 && v > 0.18 && v < 0.82;
    if (!inSheet) return GREEN;
    const inLine = u > 0.32 && u < 0.68 && [0.32, 0.44, 0.56].some((l) => v > l && v < l + 0.05);
    const inSeal = (u - 0.6) ** 2 + (v - 0.7) ** 2 < 0.005;
    return inLine || inSeal ? LINE : WHITE;
  });
}

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', icon(192, 1));
writeFileSync('public/icons/icon-512.png', icon(512, 1));
writeFileSync('public/icons/icon-maskable-512.png', icon(512, 0.7));
writeFileSync('public/icons/apple-touch-icon.png', icon(180, 0.85));
console.log('icons written to public/icons');
