import { isRecordKind, parentOf, PERSONAL_DATA_KINDS, specOf } from '#shared/records';
import type { AuditEntry, Store } from '../store/store';

/** Who is reading: a signed-in user (StoredUser has `id`, a push Actor has `userId`). */
export interface Viewer {
  municipality: string;
  id?: string;
  userId?: string;
  deviceId?: string | null;
}

const personal = (kind: string) => (PERSONAL_DATA_KINDS as readonly string[]).includes(kind);

/** The personal record a pulled record shows: itself, or the record whose values it copies (a conflict). */
function personalRecordOf(c: { kind: string; id: string; data?: Record<string, unknown> }): { kind: string; id: string } | null {
  if (personal(c.kind)) return { kind: c.kind, id: c.id };
  if (!isRecordKind(c.kind) || specOf(c.kind).personalData !== 'parent') return null;
  const parent = parentOf(c.kind, c.data ?? {});
  return parent && personal(parent.kind) ? parent : null;
}

/** Records, now, that `who` saw something: the entry's who and when come from the viewer. */
async function auditView(store: Store, who: Viewer, what: Pick<AuditEntry, 'action' | 'kind' | 'recordId' | 'detail'>): Promise<void> {
  await store.appendAudit({ at: new Date().toISOString(), municipality: who.municipality, userId: who.userId ?? who.id ?? null, deviceId: who.deviceId ?? null, ...what });
}

/** One entry per pull page that returned citizen requests, listing their ids. */
export async function auditPersonalDataPull(
  store: Store,
  who: Viewer,
  changes: readonly { kind: string; id: string; data?: Record<string, unknown> }[],
): Promise<void> {
  // A conflict about a citizen request carries its values too: audited as a view of that request.
  const viewed = changes.flatMap((c) => personalRecordOf(c) ?? []);
  if (viewed.length === 0) return;
  const kinds = [...new Set(viewed.map((c) => c.kind))].sort();
  await auditView(store, who, {
    action: 'view-personal-data',
    kind: kinds.length === 1 ? (kinds[0] as string) : null,
    recordId: null,
    detail: { via: 'pull', recordIds: [...new Set(viewed.map((c) => c.id))] },
  });
}

/** An attachment was downloaded. */
export async function auditFileView(store: Store, who: Viewer, hash: string, name: string): Promise<void> {
  await auditView(store, who, { action: 'view-file', kind: 'blob', recordId: hash, detail: { name } });
}
