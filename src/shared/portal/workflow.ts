import type { Role } from '../roles';
import type { PortalAction, PortalStatus } from './portal-schema';

const COMMITTEE: readonly Role[] = ['committee', 'admin'];
const WRITERS: readonly Role[] = ['official', 'committee', 'admin'];

const TRANSITIONS: Record<PortalAction, { from: readonly PortalStatus[]; to: PortalStatus; roles: readonly Role[] }> = {
  enviar_revision: { from: ['borrador'], to: 'en_revision', roles: WRITERS },
  devolver: { from: ['en_revision', 'aprobado'], to: 'borrador', roles: COMMITTEE },
  aprobar: { from: ['en_revision'], to: 'aprobado', roles: COMMITTEE },
  publicar: { from: ['aprobado', 'retirado'], to: 'publicado', roles: COMMITTEE },
  retirar: { from: ['publicado'], to: 'retirado', roles: COMMITTEE },
};

export type StepResult = { ok: true; status: PortalStatus } | { ok: false; message: string };

/**
 * The portal workflow: borrador → en revisión → aprobado → publicado → retirado. Officials
 * write and send to review; the committee approves, publishes and withdraws.
 */
export function applyPortalStep(
  draft: { status: PortalStatus; title: string; body: string },
  action: PortalAction,
  role: Role,
): StepResult {
  const t = TRANSITIONS[action];
  if (!t.roles.includes(role)) return { ok: false, message: 'Este paso lo da el Comité GEL-T.' };
  if (!t.from.includes(draft.status)) {
    return { ok: false, message: `No se puede «${action.replace('_', ' ')}» un contenido en estado ${draft.status.replace('_', ' ')}.` };
  }
  if (action === 'enviar_revision' && (!draft.title.trim() || !draft.body.trim())) {
    return { ok: false, message: 'Escriba el título y el texto antes de enviarlo a revisión.' };
  }
  return { ok: true, status: t.to };
}

export function allowedPortalActions(draft: { status: PortalStatus; title: string; body: string }, role: Role): PortalAction[] {
  return (Object.keys(TRANSITIONS) as PortalAction[]).filter((a) => applyPortalStep(draft, a, role).ok);
}

/** Who may change the text: anyone who writes while it is a draft or in review; the committee after approval. */
export function mayEditDraft(status: PortalStatus, role: Role): boolean {
  if (status === 'borrador' || status === 'en_revision') return WRITERS.includes(role);
  return COMMITTEE.includes(role);
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
