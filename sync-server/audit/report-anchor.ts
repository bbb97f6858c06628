import type { StoreTx } from '../store/store';
import type { KindHooks } from '../sync/hooks/types';
import { formatAnchor } from './audit-anchor';
import type { StoredAuditEntry } from './audit-chain';

/** The paragraph the published report ends with: the audit entry written as it was signed. */
export function anchorMarkdown(e: StoredAuditEntry, chain: string): string {
  return [
    '## Ancla del registro de auditoría',
    '',
    `Al firmarse este informe, el registro de auditoría del municipio llegaba a la entrada n.º ${e.seq}, con huella HMAC-SHA256 \`${e.hash}\`.`,
    `Publicada aquí, esta huella permite comprobar en cualquier momento que ese registro no fue recortado ni reescrito después (ancla \`${formatAnchor({ ...e, chain })}\`).`,
    '',
  ].join('\n');
}

/**
 * Wraps the sign-off hook: once the report is published, an audit entry is appended and its seq
 * and hash are added to the published page, in the same transaction. The portal page then
 * shows an anchor: removing the newest audit entries afterwards makes
 * `verify-audit --anchor` fail. The page stays editable by the committee, so the README also asks
 * for a printed `audit-head` kept outside the system.
 */
export function withAuditAnchor(hooks: KindHooks<'plan_signoff'>): KindHooks<'plan_signoff'> {
  return {
    ...hooks,
    async onCreate(tx, d, actor, at, ctx) {
      const result = hooks.onCreate ? await hooks.onCreate(tx, d, actor, at, ctx) : { ok: true as const, serverFields: {} };
      if (!result.ok) return result;
      const report = await tx.getRecord(actor.municipality, 'plan_report', d.reportId);
      const draftId = report?.data.publishedDraftId;
      if (!report || typeof draftId !== 'string') return result;
      await anchorDraft(tx, actor.municipality, draftId, {
        at,
        municipality: actor.municipality,
        userId: actor.userId,
        deviceId: actor.deviceId,
        action: 'audit-anchor',
        kind: 'plan_report',
        recordId: report.id,
        detail: { publishedDraftId: draftId },
      });
      return result;
    },
  };
}

async function anchorDraft(tx: StoreTx, municipality: string, draftId: string, entry: Parameters<StoreTx['appendAudit']>[0]): Promise<void> {
  const draft = await tx.getRecord(municipality, 'portal_draft', draftId);
  if (!draft) return;
  const anchor = await tx.appendAudit(entry);
  const { seq: _seq, ...rest } = draft;
  const withAnchor = (body: unknown) => `${String(body)}\n${anchorMarkdown(anchor, tx.municipality)}`;
  const data: Record<string, unknown> = { ...draft.data, body: withAnchor(draft.data.body) };
  // The portal shows the published (signed) text: the anchor belongs to it too.
  for (const key of ['approval', 'publication']) {
    const snap = data[key] as { content: { body: string } } | null | undefined;
    if (snap) data[key] = { ...snap, content: { ...snap.content, body: withAnchor(snap.content.body) } };
  }
  // Still revision 1: the page is published once, with its anchor.
  await tx.saveRecord({ ...rest, data });
}
