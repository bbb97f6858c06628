import { uuidv7 } from '#shared/ids';
import { DRAFT_UPDATABLE_FIELDS, type DraftSnapshot, type PortalDraft } from '#shared/portal/portal-schema';
import { contentOf, publicView } from '#shared/portal/publication';
import { applyPortalStep, editReopensReview, editRefusal, slugFor } from '#shared/portal/workflow';
import { canWrite, isRecordKind } from '#shared/records';
import { canActOnRequest, NOT_YOUR_DEPENDENCIA } from '#shared/pqrsd/visibility';
import type { Actor } from '../../reconcile/reconcile-mutation';
import type { StoredRecord, StoreTx } from '../../store/store';
import { nextRevisionLog, writeRevision } from './portal-revisions';
import { accept, recordOf, refuse, saveDerived, type HookContext, type HookResult, type KindHooks } from './types';

const REFUSAL_MESSAGES = {
  role: 'This role does not write portal items',
  under_review: 'Under review, only its author and the committee change a portal item',
  approved: 'Once approved, only the committee changes a portal item',
} as const;

export const portalDraftHooks: KindHooks<'portal_draft'> = {
  async onCreate() {
    return accept({ status: 'borrador', slug: null, publishedAt: null, approval: null, publication: null });
  },
  async beforeUpdate(_tx, current, _next, actor, at) {
    const d = current.data;
    const refusal = editRefusal(d, { id: actor.userId, role: actor.role });
    if (refusal) return refuse('FORBIDDEN', REFUSAL_MESSAGES[refusal]);
    const fields: Record<string, unknown> = { revisionLog: nextRevisionLog(d.revisionLog, current.rev, actor, at) };
    // The approval named the text as it was: a later change needs a new one. The published
    // text (if any) stays on the portal until then.
    if (editReopensReview(d.status)) Object.assign(fields, { status: 'en_revision', approval: null });
    return accept(fields);
  },
  async afterUpdate(tx, before, after, changed, rev, actor, at) {
    await writeRevision(tx, before, after, changed, rev, actor, at);
  },
};

/**
 * An approval is of the text the committee read: the draft revision its device held. A text
 * field changed since by anyone else (another device) means they approved something else.
 * The reviewer's own device's later edits were made knowing that text, like in the field merge.
 */
function reviewedRevisionProblem(draft: StoredRecord, reviewed: unknown, actor: Actor): HookResult | null {
  if (typeof reviewed !== 'number') return refuse('VALIDATION_FAILED', 'An approval names the revision of the draft the committee reviewed (rev)');
  if (reviewed > draft.rev) return refuse('VALIDATION_FAILED', `Revision ${reviewed} of draft ${draft.id} does not exist (it is at ${draft.rev})`);
  const fields = DRAFT_UPDATABLE_FIELDS.filter((f) => {
    const stamp = draft.fieldRevs[f];
    return stamp !== undefined && stamp.rev > reviewed && stamp.device !== actor.deviceId;
  });
  if (fields.length === 0) return null;
  return {
    ok: false,
    error: {
      code: 'STALE_REVISION',
      message: `The draft changed after revision ${reviewed}, the one reviewed: review it again before approving`,
      details: { reviewedRev: reviewed, currentRev: draft.rev, fields },
    },
  };
}

export const portalStepHooks: KindHooks<'portal_step'> = {
  async onCreate(tx, data, actor, at, ctx) {
    const draft = await recordOf(tx, actor.municipality, 'portal_draft', data.draftId);
    if (!draft) return refuse('RECORD_NOT_FOUND', `Draft ${data.draftId} does not exist`);
    const d = draft.data;
    const action = data.action;
    const step = applyPortalStep(d, action, actor.role);
    if (!step.ok) return refuse('INVALID_TRANSITION', step.message);
    const next: Record<string, unknown> = { ...draft.data, status: step.status };
    const fields = ['status'];
    if (action === 'aprobar') {
      const problem = reviewedRevisionProblem(draft, data.rev, actor);
      if (problem) return problem;
      const approval: DraftSnapshot = { rev: draft.rev, by: actor.userId, at, content: contentOf(d) };
      next.approval = approval;
      fields.push('approval');
    } else if (action === 'devolver') {
      next.approval = null;
      fields.push('approval');
    } else if (action === 'publicar') {
      // What goes public is the approved text, never the draft as it is now.
      next.publication = d.approval;
      next.slug = d.slug ?? slugFor((d.approval as DraftSnapshot).content.title, draft.id);
      next.publishedAt = at;
      fields.push('publication', 'slug', 'publishedAt');
    } else if (action === 'retirar') {
      next.publication = null;
      fields.push('publication');
    }
    await saveDerived(tx, draft, next, fields, actor, at);
    if (action === 'publicar' || action === 'retirar') {
      // The external CMS gets what the portal shows (or showed, for a withdrawal).
      const shown = publicView((action === 'publicar' ? next : d) as PortalDraft);
      await queueForCms(tx, ctx, actor.municipality, action === 'publicar' ? 'publish' : 'withdraw', { ...(shown ?? d), status: step.status }, at);
    }
    return accept();
  },
};

/**
 * Queues an item for the external CMS (the outbound connector), when it is on: on publishing,
 * withdrawing, and when the published text is changed without a new approval (habeas data).
 */
export async function queueForCms(tx: StoreTx, ctx: HookContext, municipality: string, event: 'publish' | 'withdraw', shown: PortalDraft, at: string): Promise<void> {
  if (!ctx.outboundEnabled) return;
  await tx.enqueueOutbound({ id: uuidv7(), municipality, payload: { event, item: outboundItem(shown) }, createdAt: at });
}

/** An item for the external CMS: the public text, without the workflow's bookkeeping. */
function outboundItem(d: PortalDraft): Record<string, unknown> {
  const { approval: _a, publication: _p, revisionLog: _r, ...item } = d;
  return item;
}

export const conflictHooks: KindHooks<'conflict'> = {
  // Whoever may write the record a conflict belongs to may decide it.
  async beforeUpdate(tx, current, _next, actor, at) {
    const kind = current.data.kind;
    if (!isRecordKind(kind) || !canWrite(actor.role, kind)) return refuse('FORBIDDEN', `Role '${actor.role}' may not decide conflicts of '${kind}'`);
    if (kind === 'pqrsd') {
      const request = await tx.getRecord(actor.municipality, 'pqrsd', current.data.recordId);
      if (request && !canActOnRequest(actor, request.data)) return refuse('FORBIDDEN', NOT_YOUR_DEPENDENCIA);
    }
    if (kind === 'portal_draft') {
      // Deciding a draft's conflict is editing it: under review, its author's and the committee's.
      const draft = await recordOf(tx, actor.municipality, 'portal_draft', current.data.recordId);
      const refusal = draft ? editRefusal(draft.data, { id: actor.userId, role: actor.role }) : null;
      if (refusal) return refuse('FORBIDDEN', REFUSAL_MESSAGES[refusal]);
    }
    return accept({ resolvedBy: actor.userId, resolvedAt: at });
  },
};
