import type { Role } from '../roles';
import type { RecordViewer, VisibilityRule } from '../records/kind-spec';

/** Said to an official who acts on a request another office has. */
export const NOT_YOUR_DEPENDENCIA = 'La solicitud está asignada a otra dependencia; pida a quien la tiene que haga el cambio.';

/** Roles that see every citizen request of their municipality (they oversee the whole flow). */
export const ALL_REQUESTS_ROLES: readonly Role[] = ['admin', 'committee', 'internal_control'];

/** Who is looking: an official sees their own filings and their dependencia's requests. */
export type RequestViewer = RecordViewer;

/** Dependencia names are typed by hand: case, accents and spacing must not split one office in two. */
export function normalizeDependencia(name: string | null | undefined): string {
  return (name ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function sameDependencia(a: string | null | undefined, b: string | null | undefined): boolean {
  const na = normalizeDependencia(a);
  return na !== '' && na === normalizeDependencia(b);
}

/**
 * The office a request belongs to: the one it was assigned to, or, until then, the office
 * of the official who filed it (so the ventanilla's officials share the unassigned ones).
 */
export function requestDependencia(data: Record<string, unknown>): string | null {
  const lifecycle = data.lifecycle as { dependencia?: string | null } | undefined;
  if (lifecycle?.dependencia) return lifecycle.dependencia;
  return typeof data.intakeDependencia === 'string' && data.intakeDependencia ? data.intakeDependencia : null;
}

/** Least privilege (Ley 1581): whether this person may see (and act on) this request. */
export function canSeeRequest(viewer: RequestViewer, data: Record<string, unknown>): boolean {
  if (ALL_REQUESTS_ROLES.includes(viewer.role)) return true;
  if (viewer.role !== 'official') return false;
  const me = viewer.id ?? viewer.userId;
  if (me !== undefined && data.createdBy === me) return true;
  return sameDependencia(viewer.dependencia, requestDependencia(data));
}

/**
 * Who may change a request or add a step: the admin and the committee, and the officials of the
 * office that has it now; whoever filed it only until it is assigned elsewhere (they keep
 * reading it, to answer the citizen at the window, but the new office does the work).
 */
export function canActOnRequest(viewer: RequestViewer, data: Record<string, unknown>): boolean {
  if (viewer.role === 'admin' || viewer.role === 'committee') return true;
  if (viewer.role !== 'official') return false;
  const office = requestDependencia(data);
  if (office === null) return data.createdBy === (viewer.id ?? viewer.userId);
  return sameDependencia(viewer.dependencia, office);
}

/** Every office a request has belonged to (normalised), kept by the server on the request. */
export function officesThatHeld(data: Record<string, unknown>): string[] | null {
  return Array.isArray(data.heldBy) ? data.heldBy.filter((o): o is string => typeof o === 'string') : null;
}

/** Whether this person's device may hold a copy that must now go (so only they hear of it). */
export function mayHaveHeld(viewer: RequestViewer, data: Record<string, unknown>): boolean {
  const held = officesThatHeld(data);
  if (held === null) return true; // a request from before the list was kept
  const mine = normalizeDependencia(viewer.dependencia);
  return mine !== '' && held.includes(mine);
}

/** The row rule of citizen requests (the spec's `visibility`): what an official's device may hold. */
export const requestVisibility: VisibilityRule = {
  seesAll: (viewer) => ALL_REQUESTS_ROLES.includes(viewer.role),
  canSee: canSeeRequest,
  mayHaveHeld,
  // Part of the pull cursor: the office decides an official's view.
  scope: (viewer) => (ALL_REQUESTS_ROLES.includes(viewer.role) ? '' : normalizeDependencia(viewer.dependencia)),
};
