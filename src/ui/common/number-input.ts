/**
 * A number as people type it (a comma or a point for decimals, spaces around it): NaN when it is
 * not one, and then the schema's own message ("Escriba un número.") reaches the field. An empty
 * input is undefined, so the field says it is required rather than "0".
 */
export function numberOf(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+([.,]\d+)?$/.test(t) ? Number(t.replace(',', '.')) : Number.NaN;
}
