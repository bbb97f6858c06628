// A minimal Office Open XML (SpreadsheetML, ECMA-376) workbook with no dependencies: one
// worksheet per table, bold header row frozen at the top, text as inline strings and numbers as
// numbers. Inline strings are never read as formulas when the file opens, but a person who
// edits such a cell (F2, Enter) or copies it into a CSV makes Excel parse it again: text cells
// get the same formula guard as the CSV writer.

import { neutraliseFormula, type CellValue } from './csv';
import { zip } from './zip';

export type Sheet = { name: string; headers: string[]; rows: CellValue[][] };

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const NS_CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const REL_OFFICE_DOC = `${NS_REL}/officeDocument`;
const REL_WORKSHEET = `${NS_REL}/worksheet`;
const REL_STYLES = `${NS_REL}/styles`;
const CT_WORKBOOK = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_STYLES = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Excel refuses longer cell text. */
export const MAX_CELL_CHARS = 32767;
export const MAX_SHEET_NAME_CHARS = 31;
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

// Characters XML 1.0 does not allow (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const stripInvalidXml = (text: string): string => text.replace(INVALID_XML_CHARS, '');

/** Escapes text for an XML element or a double-quoted attribute and drops characters XML cannot hold. */
export function xmlEscape(text: string): string {
  return stripInvalidXml(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // A literal CR is read back as LF (XML end-of-line handling): a reference keeps it.
    .replace(/\r/g, '&#13;');
}

/**
 * A worksheet name Excel accepts: no [ ] : * ? / \ or control characters, not starting or
 * ending with an apostrophe, 1–31 characters, not "History" (reserved). Empty → `fallback`.
 */
export function sanitizeSheetName(name: string, fallback = 'Hoja'): string {
  // eslint-disable-next-line no-control-regex
  let s = name.replace(/[[\]:*?/\\\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim();
  s = s.replace(/^'+|'+$/g, '').trim();
  s = truncateUtf16(s, MAX_SHEET_NAME_CHARS).trim();
  if (s.length === 0) s = fallback;
  if (s.toLowerCase() === 'history') s = `${s} 1`;
  return s;
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function truncateUtf16(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const cp of s) {
    if (out.length + cp.length > max) break;
    out += cp;
  }
  return out;
}

/** Sheet names must be unique without regard to case: repeats get " (2)", " (3)"… within 31 characters. */
function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    const base = sanitizeSheetName(raw, `Hoja ${i + 1}`);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = truncateUtf16(base, MAX_SHEET_NAME_CHARS - suffix.length).trimEnd() + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** 0 → A, 25 → Z, 26 → AA … */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function cellXml(ref: string, value: CellValue, style: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `<c r="${ref}"${style}><v>${value}</v></c>` : '';
  }
  if (typeof value === 'boolean') return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  // Characters XML drops are dropped before the guard looks at the first one ("\u0001=…" → "'=…").
  const text = xmlEscape(truncateUtf16(neutraliseFormula(stripInvalidXml(String(value))), MAX_CELL_CHARS));
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`;
}

function rowXml(rowNumber: number, cells: readonly CellValue[], style: string): string {
  const body = cells.map((v, c) => cellXml(`${columnLetters(c)}${rowNumber}`, v, style)).join('');
  return `<row r="${rowNumber}">${body}</row>`;
}

function displayWidth(value: CellValue): number {
  if (value === null || value === undefined) return 0;
  const text = typeof value === 'number' ? String(value) : typeof value === 'boolean' ? 'FALSE' : value;
  return text.split('\n').reduce((n, l) => Math.max(n, l.length), 0);
}

function worksheetXml(sheet: Sheet, selected: boolean): string {
  const cols = sheet.rows.reduce((n, r) => Math.max(n, r.length), sheet.headers.length);
  if (sheet.rows.length + 1 > MAX_ROWS) throw new RangeError(`Sheet "${sheet.name}" has too many rows`);
  if (cols > MAX_COLS) throw new RangeError(`Sheet "${sheet.name}" has too many columns`);

  const widths: number[] = [];
  for (let c = 0; c < cols; c++) {
    let w = displayWidth(sheet.headers[c] ?? null);
    for (const r of sheet.rows) w = Math.max(w, displayWidth(r[c] ?? null));
    widths.push(Math.min(60, Math.max(8, w + 2)));
  }
  const colsXml = cols > 0
    ? `<cols>${widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const pane = sheet.rows.length > 0
    ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    : '';
  const rows = [rowXml(1, sheet.headers, ' s="1"'), ...sheet.rows.map((r, i) => rowXml(i + 2, r, ''))];
  return (
    XML_DECL +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    colsXml +
    `<sheetData>${rows.join('')}</sheetData>` +
    '</worksheet>'
  );
}

function contentTypesXml(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT_WORKSHEET}"/>`,
  ).join('');
  return (
    XML_DECL +
    `<Types xmlns="${NS_CT}">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT_WORKBOOK}"/>` +
    sheets +
    `<Override PartName="/xl/styles.xml" ContentType="${CT_STYLES}"/>` +
    '</Types>'
  );
}

const ROOT_RELS =
  XML_DECL +
  `<Relationships xmlns="${NS_PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL_OFFICE_DOC}" Target="xl/workbook.xml"/>` +
  '</Relationships>';

function workbookXml(names: readonly string[]): string {
  const sheets = names
    .map((n, i) => `<sheet name="${xmlEscape(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  return (
    XML_DECL +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${sheets}</sheets>` +
    '</workbook>'
  );
}

function workbookRelsXml(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_WORKSHEET}" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return (
    XML_DECL +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    sheets +
    `<Relationship Id="rId${sheetCount + 1}" Type="${REL_STYLES}" Target="styles.xml"/>` +
    '</Relationships>'
  );
}

/** Style 0: normal; style 1: bold (the header row). */
const STYLES_XML =
  XML_DECL +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2">' +
  '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '</fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/**
 * An .xlsx file (MIME application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)
 * with one worksheet per entry of `sheets`, in order; the first is the active one.
 * Sheet names are sanitised and made unique. null cells are left empty.
 */
export function toXlsx(sheets: readonly Sheet[]): Uint8Array {
  if (sheets.length === 0) throw new RangeError('A workbook needs at least one sheet');
  const enc = new TextEncoder();
  const names = uniqueNames(sheets.map((s) => s.name));
  const part = (name: string, xml: string) => ({ name, data: enc.encode(xml) });
  return zip([
    part('[Content_Types].xml', contentTypesXml(sheets.length)),
    part('_rels/.rels', ROOT_RELS),
    part('xl/workbook.xml', workbookXml(names)),
    part('xl/_rels/workbook.xml.rels', workbookRelsXml(sheets.length)),
    part('xl/styles.xml', STYLES_XML),
    ...sheets.map((s, i) => part(`xl/worksheets/sheet${i + 1}.xml`, worksheetXml(s, i === 0))),
  ]);
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
