// CSV export (RFC 4180) that Excel opens with accents intact and that cannot smuggle formulas.

export type CellValue = string | number | boolean | null;

/** Byte order mark: without it Excel reads UTF-8 as Windows-1252 and "Petición" shows as "PeticiÃ³n". */
export const UTF8_BOM = '\uFEFF';

/** First characters that make a spreadsheet treat a text cell as a formula (OWASP "CSV injection"). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Text a spreadsheet could run as a formula gets a leading apostrophe, which Excel and
 * LibreOffice show as plain text. Numbers are never passed here, so −5 stays a number.
 */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]!) ? `'${text}` : text;
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return neutraliseFormula(String(value));
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * RFC 4180 CSV: comma separator, CRLF after every record (the last one too), fields with a
 * comma, quote, CR or LF wrapped in quotes with inner quotes doubled; a UTF-8 BOM first.
 * null and non-finite numbers are empty fields; booleans are TRUE/FALSE.
 * Rows shorter than the header are written as they are (no padding).
 */
export function toCsv(headers: string[], rows: CellValue[][]): string {
  const line = (cells: readonly CellValue[]): string => cells.map((c) => quote(cellText(c))).join(',');
  let out = UTF8_BOM + line(headers) + '\r\n';
  for (const row of rows) out += line(row) + '\r\n';
  return out;
}
