/** dd/mm/aaaa, the way a Colombian town hall writes a date (from an ISO yyyy-mm-dd). */
function dmy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why a "desde / hasta" range cannot be used, tied to the field to correct, or null when it can.
 * A date input gives '' for an empty or impossible date.
 */
export function dateRangeProblem(range: { from: string; to: string }): { field: 'from' | 'to'; message: string } | null {
  if (!ISO_DATE.test(range.from)) return { field: 'from', message: 'Escriba la fecha «Desde» completa (dd/mm/aaaa).' };
  if (!ISO_DATE.test(range.to)) return { field: 'to', message: 'Escriba la fecha «Hasta» completa (dd/mm/aaaa).' };
  if (range.from > range.to) {
    return { field: 'to', message: `«Hasta» (${dmy(range.to)}) es anterior a «Desde» (${dmy(range.from)}): corrija una de las dos fechas.` };
  }
  return null;
}
