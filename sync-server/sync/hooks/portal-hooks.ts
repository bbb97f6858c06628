import { uuidv7 } from '../../../src/shared/ids';
import type { PortalAction, PortalStatus } from '../../../src/shared/portal/portal-schema';
import { applyPortalStep, mayEditDraft, slugFor } from '../../../src/shared/portal/workflow';
import { canWrite, isRecordKind } from '../../../src/shared/records';
import { canActOnRequest, NOT_YOUR_DEPENDENCIA } from '../../../src/shared/pqrsd/visibility';
import { accept, refuse, saveDerived, type KindHooks } from './types';

/** Where published items are also sent (the outbound connector); null keeps it off. */
let outboundEnabled = false;
export function setOutboundEnabled(enabled: boolean): void {
  outboundEnabled = enabled;
}

/** History keeps image names, not their bytes. */
const historyValue = (field: string, v: unknown) =>
  field === 'images' && Array.isArray(v) ? v.map((i: { name?: string }) => i.name ?? '') : v;

export const portalDraftHooks: KindHooks = {
  async onCreate() {
    return accept({ status: 'borrador', slug: null, publishedAt: null });
  },
  async beforeUpdate(_tx, current, _next, actor) {
    if (!mayEditDraft(current.data.status as PortalStatus, actor.role)) {
      return refuse('FORBIDDEN', 'Once approved, only the committee changes a portal item');
    }
    return accept();
  },
  async afterUpdate(tx, before, after, changed, rev, actor, at) {
    const id = uuidv7();
    await tx.saveRecord({
      municipality: actor.municipality,
      kind: 'portal_revision',
      id,
      rev: 1,
      data: {
        id,
        municipality: actor.municipality,
        draftId: before.id,
        rev,
        by: actor.userId,
        at,
        changes: changed.map((field) => ({ field, before: historyValue(field, before.data[field]), after: historyValue(field, after[field]) })),
      },
      fieldRevs: {},
      updatedAt: at,
      updatedBy: actor.userId,
    });
  },
};

export const portalStepHooks: KindHooks = {
  async onCreate(tx, data, actor, at) {
    const draft = await tx.getRecord(actor.municipality, 'portal_draft', String(data.draftId));
    if (!draft) return refuse('RECORD_NOT_FOUND', `Draft ${String(data.draftId)} does not exist`);
    const d = draft.data as { status: PortalStatus; title: string; body: string; slug: string | null };
    const action = data.action as PortalAction;
    const step = applyPortalStep(d, action, actor.role);
    if (!step.ok) return refuse('INVALID_TRANSITION', step.message);
    const next: Record<string, unknown> = { ...draft.data, status: step.status };
    const fields = ['status'];
    if (action === 'publicar') {
      next.slug = d.slug ?? slugFor(d.title, draft.id);
      next.publishedAt = at;
      fields.push('slug', 'publishedAt');
    }
    await saveDerived(tx, draft, next, fields, actor, at);
    if (outboundEnabled && (action === 'publicar' || action === 'retirar')) {
      await tx.enqueueOutbound({
        id: uuidv7(),
        municipality: actor.municipality,
        payload: { event: action === 'publicar' ? 'publish' : 'withdraw', item: next },
        createdAt: at,
      });
    }
    return accept();
  },
};

export const conflictHooks: KindHooks = {
  // Whoever may write the record a conflict belongs to may decide it.
  async beforeUpdate(tx, current, _next, actor, at) {
    const kind = String(current.data.kind);
    if (!isRecordKind(kind) || !canWrite(actor.role, kind)) return refuse('FORBIDDEN', `Role '${actor.role}' may not decide conflicts of '${kind}'`);
    if (kind === 'pqrsd') {
      const request = await tx.getRecord(actor.municipality, 'pqrsd', String(current.data.recordId));
      if (request && !canActOnRequest(actor, request.data)) return refuse('FORBIDDEN', NOT_YOUR_DEPENDENCIA);
    }
    return accept({ resolvedBy: actor.userId, resolvedAt: at });
  },
};
