// The one CSV writer of the product: what Excel in Colombia (es-CO) opens in columns, with
// accents intact, and that cannot smuggle formulas. Every CSV the app or the server writes goes
// through `toCsv`, so no caller can forget the separator, the quoting or the formula guard.

export type CellValue = string | number | boolean | null;

/** Byte order mark: without it Excel reads UTF-8 as Windows-1252 and "Petición" shows as "PeticiÃ³n". */
export const UTF8_BOM = '\uFEFF';

/**
 * Excel splits a CSV on the list separator of the system's locale, and in es-CO that is `;`
 * (the comma is the decimal mark). A comma-separated file opens as one column there.
 */
export const CSV_SEPARATOR = ';';

export const CSV_MIME = 'text/csv; charset=utf-8';

/** First characters that make a spreadsheet treat a text cell as a formula (OWASP "CSV injection"). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Text a spreadsheet could run as a formula gets a leading apostrophe (the OWASP advice), so
 * it stays text. Applied to every text cell of every CSV and XLSX; numbers are never passed
 * here, so −5 stays a number.
 */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]!) ? `'${text}` : text;
}

/** A number as Excel es-CO reads one: decimal comma, no thousands separator (7.5 → "7,5"). */
function numberText(value: number): string {
  return Number.isFinite(value) ? String(value).replace('.', ',') : '';
}

/**
 * A reader that splits on another separator than the one written (Excel with an en-US list
 * separator splits this file on `,`) starts a new cell after any `,` or `;` inside a field, even
 * a quoted one. A trigger right after one gets the apostrophe too, so no split makes a formula.
 */
const TRIGGER_AFTER_SEPARATOR = /([,;])(?=[=+\-@\t\r])/g;

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return neutraliseFormula(String(value)).replace(TRIGGER_AFTER_SEPARATOR, "$1'");
}

/**
 * RFC 4180 quoting with `;` as the separator. A cell holding the separator is quoted, so
 * `Ana;=WEBSERVICE(…)` is one cell that starts with "A", never two cells the second of which
 * is a formula.
 */
function quote(field: string): string {
  return /[;"\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * RFC 4180 CSV with `;` as the separator: CRLF after every record (the last one too), fields
 * with `;`, a quote, CR or LF wrapped in quotes with inner quotes doubled; a UTF-8 BOM first.
 * Text starting with = + - @, tab or CR gets a leading apostrophe, and so does such a character
 * right after a `,` or `;` inside the text. null and non-finite numbers
 * are empty fields; numbers use a decimal comma; booleans are TRUE/FALSE.
 * Rows shorter than the header are written as they are (no padding).
 */
export function toCsv(headers: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  const line = (cells: readonly CellValue[]): string => cells.map((c) => quote(cellText(c))).join(CSV_SEPARATOR);
  let out = UTF8_BOM + line(headers) + '\r\n';
  for (const row of rows) out += line(row) + '\r\n';
  return out;
}
