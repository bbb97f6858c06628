import { isIsoDate, todayInBogota } from '#shared/calendar';

/** How far a device's clock may run ahead of the server's (a wrong time zone, a clock set by hand). */
export const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

/** Each value at a dotted path (`*` steps into every item of an array), with its concrete path. */
function valuesAt(value: unknown, steps: readonly string[], at: string): [string, unknown][] {
  if (steps.length === 0) return [[at, value]];
  if (value === null || typeof value !== 'object') return [];
  const [step, ...rest] = steps as [string, ...string[]];
  const join = (key: string) => (at ? `${at}.${key}` : key);
  if (step === '*') {
    return Array.isArray(value) ? value.flatMap((item, i) => valuesAt(item, rest, join(String(i)))) : [];
  }
  return Object.hasOwn(value, step) ? valuesAt((value as Record<string, unknown>)[step], rest, join(step)) : [];
}

/**
 * Dates that say when something happened (a request received, a step taken, a mark made) and lie
 * after the server's clock plus a day. The server counts legal terms and numbers radicados from
 * them, so a request "received in 2099" would never be overdue. Dates (`YYYY-MM-DD`) compare
 * with Bogotá's calendar; instants with the clock. Answers zod-like issues for `details`.
 */
export function futureDates(data: Record<string, unknown>, paths: readonly string[], now: Date): { path: string; message: string }[] {
  const limitMs = now.getTime() + FUTURE_TOLERANCE_MS;
  const limitDay = todayInBogota(new Date(limitMs));
  const issues: { path: string; message: string }[] = [];
  for (const path of paths) {
    for (const [at, v] of valuesAt(data, path.split('.'), '')) {
      if (v === null || v === undefined) continue;
      const late = typeof v !== 'string' || (isIsoDate(v) ? v > limitDay : !(Date.parse(v) <= limitMs));
      if (late) issues.push({ path: at, message: `La fecha ${String(v)} es posterior a la fecha actual del servidor` });
    }
  }
  return issues;
}
