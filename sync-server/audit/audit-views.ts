import type { Store } from '../store/store';

/** Who is reading: a signed-in user (StoredUser has `id`, a push Actor has `userId`). */
export interface Viewer {
  municipality: string;
  id?: string;
  userId?: string;
  deviceId?: string | null;
}

/**
 * Kinds whose records hold a person's data (citizens; officials' ID numbers and signatures in
 * the training roster and attendance): reading them is audited.
 */
export const PERSONAL_DATA_KINDS: ReadonlySet<string> = new Set(['pqrsd', 'data_subject_request', 'official', 'attendance_mark']);

/** One entry per pull page that returned citizen requests, listing their ids. */
export async function auditPersonalDataPull(
  store: Store,
  who: Viewer,
  changes: readonly { kind: string; id: string; data?: Record<string, unknown> }[],
): Promise<void> {
  // A conflict about a citizen request carries its values too: audited as a view of that request.
  const viewed = changes.flatMap((c) => {
    if (PERSONAL_DATA_KINDS.has(c.kind)) return [{ kind: c.kind, id: c.id }];
    const of = c.kind === 'conflict' ? c.data?.kind : undefined;
    return typeof of === 'string' && PERSONAL_DATA_KINDS.has(of) ? [{ kind: of, id: String(c.data?.recordId) }] : [];
  });
  if (viewed.length === 0) return;
  const kinds = [...new Set(viewed.map((c) => c.kind))].sort();
  await store.appendAudit({
    at: new Date().toISOString(),
    municipality: who.municipality,
    userId: who.userId ?? who.id ?? null,
    deviceId: who.deviceId ?? null,
    action: 'view-personal-data',
    kind: kinds.length === 1 ? (kinds[0] as string) : null,
    recordId: null,
    detail: { via: 'pull', recordIds: [...new Set(viewed.map((c) => c.id))] },
  });
}

/** An attachment was downloaded. */
export async function auditFileView(store: Store, who: Viewer, hash: string, name: string): Promise<void> {
  await store.appendAudit({
    at: new Date().toISOString(),
    municipality: who.municipality,
    userId: who.userId ?? who.id ?? null,
    deviceId: who.deviceId ?? null,
    action: 'view-file',
    kind: 'blob',
    recordId: hash,
    detail: { name },
  });
}
