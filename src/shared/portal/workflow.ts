import type { Role } from '../roles';
import type { DraftSnapshot, PortalAction, PortalStatus } from './portal-schema';
import { isLive } from './publication';

const COMMITTEE: readonly Role[] = ['committee', 'admin'];
const WRITERS: readonly Role[] = ['official', 'committee', 'admin'];
const ALL_STATUSES: readonly PortalStatus[] = ['borrador', 'en_revision', 'aprobado', 'publicado', 'retirado'];

interface Transition {
  from: readonly PortalStatus[];
  to: PortalStatus;
  roles: readonly Role[];
  /** Publishing needs an approved text; withdrawing needs something on the portal. */
  needs?: 'approval' | 'live';
}

const TRANSITIONS: Record<PortalAction, Transition> = {
  enviar_revision: { from: ['borrador'], to: 'en_revision', roles: WRITERS },
  devolver: { from: ['en_revision', 'aprobado'], to: 'borrador', roles: COMMITTEE },
  aprobar: { from: ['en_revision'], to: 'aprobado', roles: COMMITTEE },
  publicar: { from: ['aprobado', 'retirado'], to: 'publicado', roles: COMMITTEE, needs: 'approval' },
  // A published item being revised again is still on the portal and can be withdrawn.
  retirar: { from: ALL_STATUSES, to: 'retirado', roles: COMMITTEE, needs: 'live' },
};

/** What the workflow looks at. `approval`/`publication` are absent on items from older versions. */
export interface DraftState {
  status: PortalStatus;
  title: string;
  body: string;
  approval?: DraftSnapshot | null;
  publication?: DraftSnapshot | null;
}

export type StepResult = { ok: true; status: PortalStatus } | { ok: false; message: string };

/**
 * The portal workflow: borrador → en revisión → aprobado → publicado → retirado. Officials
 * write and send to review; the committee approves, publishes and withdraws. What is
 * published is the approved text (see portal-hooks), whatever was typed after.
 */
export function applyPortalStep(draft: DraftState, action: PortalAction, role: Role): StepResult {
  const t = TRANSITIONS[action];
  if (!t.roles.includes(role)) return { ok: false, message: 'Este paso lo da el Comité GEL-T.' };
  if (!t.from.includes(draft.status)) {
    return { ok: false, message: `No se puede «${action.replace('_', ' ')}» un contenido en estado ${draft.status.replace('_', ' ')}.` };
  }
  if (t.needs === 'live' && !isLive(draft)) return { ok: false, message: 'Este contenido no está publicado en el portal.' };
  if (t.needs === 'approval' && !draft.approval) {
    return { ok: false, message: 'No hay una versión aprobada que publicar: envíelo a revisión y apruébelo de nuevo.' };
  }
  if (action === 'enviar_revision' && (!draft.title.trim() || !draft.body.trim())) {
    return { ok: false, message: 'Escriba el título y el texto antes de enviarlo a revisión.' };
  }
  // Withdrawing an item under revision keeps the revision going; only the live copy goes.
  const to = action === 'retirar' && draft.status !== 'publicado' ? draft.status : t.to;
  return { ok: true, status: to };
}

export function allowedPortalActions(draft: DraftState, role: Role): PortalAction[] {
  return (Object.keys(TRANSITIONS) as PortalAction[]).filter((a) => applyPortalStep(draft, a, role).ok);
}

/** Why a person may not change the text now; null when they may. */
export type EditRefusal = 'role' | 'under_review' | 'approved';

/**
 * Who may change the text: any writer while it is a draft; its author and the committee while
 * it is under review; the committee after approval (and that change sends it back to review).
 */
export function editRefusal(draft: { status: PortalStatus; createdBy: string }, user: { id: string; role: Role }): EditRefusal | null {
  if (!WRITERS.includes(user.role)) return 'role';
  if (draft.status === 'borrador' || COMMITTEE.includes(user.role)) return null;
  if (draft.status === 'en_revision') return draft.createdBy === user.id ? null : 'under_review';
  return 'approved';
}

export function mayEditDraft(draft: { status: PortalStatus; createdBy: string }, user: { id: string; role: Role }): boolean {
  return editRefusal(draft, user) === null;
}

/** A change after approval is not what was approved: the item goes back to review. */
export function editReopensReview(status: PortalStatus): boolean {
  return status === 'aprobado' || status === 'publicado' || status === 'retirado';
}

/** The public address of an item: words of its title and a short piece of its id. */
export function slugFor(title: string, id: string): string {
  const words = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${words || 'contenido'}-${id.replace(/-/g, '').slice(-6)}`;
}
