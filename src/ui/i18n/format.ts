// How the app writes numbers of things and dates: one way everywhere (es-CO, Bogotá time).

/** A count with its noun agreeing: «1 cambio», «3 cambios», «0 cambios» (irregular plurals given). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('es-CO')} ${n === 1 ? one : many}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date as a town hall writes it, dd/mm/aaaa: from a calendar date (2026-12-22) or an instant
 * (its date in Bogotá, whatever the device's zone). Anything else is shown as it came.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = ISO_DATE.test(value) ? value : safeBogotaDate(value);
  const m = date ? ISO_DATE.exec(date) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

// en-CA writes dates as YYYY-MM-DD: the Bogotá calendar date of an instant.
const bogotaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota', year: 'numeric', month: '2-digit', day: '2-digit' });

function safeBogotaDate(instant: string): string | null {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : bogotaDay.format(new Date(ms));
}

const clock = new Intl.DateTimeFormat('es-CO', { timeZone: 'America/Bogota', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Date and time in Bogotá: «30/11/2026 14:05». */
export function formatDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${formatDate(iso)} ${clock.format(new Date(ms))}`;
}

/** Who is signed in, each part once: «Comité GEL-T» is not followed by its role again. */
export function whoLine(parts: readonly (string | null | undefined)[]): string {
  const seen = new Set<string>();
  return parts
    .map((p) => p?.trim() ?? '')
    .filter((p) => p && !seen.has(p.toLocaleLowerCase('es')) && seen.add(p.toLocaleLowerCase('es')))
    .join(' · ');
}

/** A semester as a document says it: «2026-1» → «primer semestre de 2026». */
export function semesterLabel(semester: string): string {
  const m = /^(\d{4})-([12])$/.exec(semester);
  return m ? `${m[2] === '1' ? 'primer' : 'segundo'} semestre de ${m[1]}` : semester;
}
