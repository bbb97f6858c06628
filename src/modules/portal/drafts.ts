import type { GelDb, LocalDraft } from '../../db/database';
import { commitLocalChange, guardStorage } from '../../db/outbox';
import { AppError, zodIssues } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import { DRAFT_UPDATABLE_FIELDS, type DraftInput, type PortalAction, type PortalCategory } from '#shared/portal/portal-schema';
import { RECORD_KINDS } from '#shared/records';
import { createLocal, type DeviceContext } from '../local-records';

type DraftField = (typeof DRAFT_UPDATABLE_FIELDS)[number];

export async function newDraft(db: GelDb, ctx: DeviceContext, category: PortalCategory): Promise<LocalDraft> {
  const input: DraftInput = { category };
  const rec = await createLocal(db, ctx, 'portal_draft', input);
  await db.portal_draft.update(rec.id, { status: 'borrador', slug: null, publishedAt: null });
  return (await db.portal_draft.get(rec.id)) as LocalDraft;
}

/**
 * Saves what the user typed on the device at once (every keystroke survives a closed tab or a
 * crash) and marks the fields dirty; `flushDrafts` turns them into one outbox change later, so
 * the outbox does not grow with every key.
 */
export async function saveWorkingCopy(db: GelDb, id: string, patch: Partial<Pick<LocalDraft, DraftField>>): Promise<void> {
  await guardStorage(() =>
    db.transaction('rw', db.portal_draft, async () => {
      const row = await db.portal_draft.get(id);
      if (!row) throw new AppError('RECORD_NOT_FOUND', 'El borrador no está en este dispositivo');
      const dirty = new Set([...(row._dirty ?? []), ...Object.keys(patch)]);
      await db.portal_draft.update(id, { ...patch, _dirty: [...dirty], _sync: 'pending' });
    }),
  );
}

/** Moves every draft's saved-but-unsent fields into the outbox, one change per draft. */
export async function flushDrafts(db: GelDb, now: Date = new Date()): Promise<number> {
  const dirty = await db.portal_draft.filter((d) => (d._dirty?.length ?? 0) > 0).toArray();
  let flushed = 0;
  for (const d of dirty) {
    const fields = d._dirty ?? [];
    const patch = Object.fromEntries(fields.map((f) => [f, (d as Record<string, unknown>)[f]]));
    const check = RECORD_KINDS.portal_draft.updateSchema.safeParse(patch);
    if (!check.success) continue; // stays dirty and saved locally; the editor shows the problem
    await commitLocalChange(
      db,
      { kind: 'portal_draft', recordId: d.id, op: 'update', baseRev: d._rev },
      async () => {
        const current = await db.portal_draft.get(d.id);
        // Only the fields still dirty now, with their values now (typing may have gone on).
        const still = current?._dirty ?? [];
        await db.portal_draft.update(d.id, { _dirty: [] });
        return Object.fromEntries(still.map((f) => [f, (current as Record<string, unknown>)[f]]));
      },
      now,
    );
    flushed++;
  }
  return flushed;
}

export function draftProblems(patch: Record<string, unknown>): { path: string; message: string }[] {
  const r = RECORD_KINDS.portal_draft.updateSchema.safeParse(patch);
  return r.success ? [] : zodIssues(r.error);
}

/**
 * The revision this device shows. A draft created here and not yet sent is revision 1 once it
 * arrives, all of it this device's text.
 */
const reviewedRev = (draft: LocalDraft) => Math.max(draft._rev, 1);

/**
 * A workflow step, recorded as an append-only event; the server checks it again. An approval
 * names the revision shown on this device: the server refuses it if anyone else changed the
 * text since, so what is published is what the committee read.
 */
export async function recordPortalStep(db: GelDb, ctx: DeviceContext, draftId: string, action: PortalAction, note = '', now = new Date()) {
  await flushDrafts(db, now); // the reviewer must see what the author last typed
  const draft = await db.portal_draft.get(draftId);
  if (!draft) throw new AppError('RECORD_NOT_FOUND', 'El contenido no está en este dispositivo');
  const step = { draftId, action, note, at: now.toISOString(), ...(action === 'aprobar' ? { rev: reviewedRev(draft) } : {}) };
  return createLocal(db, ctx, 'portal_step', step, { now, id: uuidv7(now.getTime()) });
}
