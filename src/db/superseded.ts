/**
 * A newer build upgraded the database's schema from another tab. This tab's code is older than
 * the data: it closes its connection for good (Dexie would reopen it, and this code would write
 * without what the new schema keeps, e.g. the tallies) and asks the person to reload. It never
 * reloads by itself: a form being typed in would be lost.
 */
let superseded = false;
const listeners = new Set<(s: boolean) => void>();

export function markSuperseded(): void {
  superseded = true;
  for (const l of listeners) l(true);
}

export function isSuperseded(): boolean {
  return superseded;
}

export function subscribeSuperseded(fn: (s: boolean) => void): () => void {
  listeners.add(fn);
  fn(superseded);
  return () => listeners.delete(fn);
}
