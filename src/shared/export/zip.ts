// A tiny ZIP writer (PKWARE APPNOTE 6.3.x) with no dependencies, for the XLSX export.
// Entries are "stored" (method 0, no compression): an XLSX report of a municipality's requests
// is small, and every spreadsheet program reads stored entries. Runs in browsers and Node.

export type ZipEntry = { name: string; data: Uint8Array };

/** Fixed timestamp for every entry (1980-01-01 00:00, the DOS epoch) unless one is given: same input, same bytes. */
const DOS_EPOCH = { date: (0 << 9) | (1 << 5) | 1, time: 0 };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const VERSION = 20; // 2.0: the lowest that readers expect for folders and stored files
const FLAG_UTF8 = 1 << 11; // names are UTF-8
const MAX_U32 = 0xffffffff;
const MAX_U16 = 0xffff;

let crcTable: Uint32Array | null = null;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  crcTable = t;
  return t;
}

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as an unsigned 32-bit number. */
export function crc32(data: Uint8Array): number {
  const t = table();
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)) >>> 0;
  return (c ^ 0xffffffff) >>> 0;
}

function dosDateTime(d: Date): { date: number; time: number } {
  const year = d.getFullYear();
  if (year < 1980 || year > 2107) return DOS_EPOCH;
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
  };
}

function checkName(name: string): void {
  if (name.length === 0) throw new RangeError('ZIP entry name is empty');
  if (name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
    throw new RangeError(`Invalid ZIP entry name: ${JSON.stringify(name)}`);
  }
}

/**
 * Builds a ZIP archive holding `entries` in order, stored without compression.
 * No ZIP64: throws above 65 535 entries or 4 GiB, far beyond any report this product makes.
 */
export function zip(entries: readonly ZipEntry[], opts?: { modified?: Date }): Uint8Array {
  if (entries.length > MAX_U16) throw new RangeError('Too many ZIP entries (no ZIP64 support)');
  const stamp = opts?.modified ? dosDateTime(opts.modified) : DOS_EPOCH;
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  const prepared = entries.map((e) => {
    checkName(e.name);
    if (seen.has(e.name)) throw new RangeError(`Duplicate ZIP entry: ${e.name}`);
    seen.add(e.name);
    const nameBytes = encoder.encode(e.name);
    if (nameBytes.length > MAX_U16) throw new RangeError('ZIP entry name too long');
    return { nameBytes, data: e.data, crc: crc32(e.data) };
  });

  const localSize = prepared.reduce((n, p) => n + 30 + p.nameBytes.length + p.data.length, 0);
  const centralSize = prepared.reduce((n, p) => n + 46 + p.nameBytes.length, 0);
  const total = localSize + centralSize + 22;
  if (localSize > MAX_U32 || total > MAX_U32) throw new RangeError('ZIP archive too large (no ZIP64 support)');

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let pos = 0;
  const u16 = (v: number): void => {
    view.setUint16(pos, v, true);
    pos += 2;
  };
  const u32 = (v: number): void => {
    view.setUint32(pos, v >>> 0, true);
    pos += 4;
  };
  const bytes = (b: Uint8Array): void => {
    out.set(b, pos);
    pos += b.length;
  };

  const offsets: number[] = [];
  for (const p of prepared) {
    offsets.push(pos);
    u32(SIG_LOCAL);
    u16(VERSION);
    u16(FLAG_UTF8);
    u16(0); // method: stored
    u16(stamp.time);
    u16(stamp.date);
    u32(p.crc);
    u32(p.data.length); // compressed size
    u32(p.data.length); // uncompressed size
    u16(p.nameBytes.length);
    u16(0); // extra field length
    bytes(p.nameBytes);
    bytes(p.data);
  }

  const centralStart = pos;
  prepared.forEach((p, i) => {
    u32(SIG_CENTRAL);
    u16(VERSION); // version made by (MS-DOS attributes)
    u16(VERSION); // version needed to extract
    u16(FLAG_UTF8);
    u16(0);
    u16(stamp.time);
    u16(stamp.date);
    u32(p.crc);
    u32(p.data.length);
    u32(p.data.length);
    u16(p.nameBytes.length);
    u16(0); // extra field length
    u16(0); // comment length
    u16(0); // disk number start
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[i]!);
    bytes(p.nameBytes);
  });

  const centralEnd = pos;
  u32(SIG_END);
  u16(0); // this disk
  u16(0); // disk with the central directory
  u16(prepared.length);
  u16(prepared.length);
  u32(centralEnd - centralStart); // central directory size
  u32(centralStart);
  u16(0); // comment length
  return out;
}
