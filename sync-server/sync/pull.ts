import { kindsReadableBy, RECORD_KINDS, isRecordKind } from '../../src/shared/records';
import type { Role } from '../../src/shared/roles';
import { SYNC_LIMITS, type PullResponse } from '../../src/shared/sync-protocol';
import type { Store } from '../store/store';
import { auditPersonalDataPull, type Viewer } from '../audit/audit-views';

/** One page of the server-wide change sequence, limited to what this role may see. */
export async function pullChanges(
  store: Store,
  who: { role: Role } & Viewer,
  cursor: string | null,
  limit: number = SYNC_LIMITS.pullPageDefault,
): Promise<PullResponse> {
  const kinds = kindsReadableBy(who.role);
  const after = cursor === null ? 0 : Number(cursor);
  const rows = await store.changesSince(who.municipality, kinds, after, limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const visible = page.filter((r) => {
    if (r.kind !== 'conflict') return true;
    const of = String(r.data.kind);
    return isRecordKind(of) && (RECORD_KINDS[of].read as readonly Role[]).includes(who.role);
  });
  const last = page.at(-1);
  // Audit (Ley 1581): who received which citizen requests.
  await auditPersonalDataPull(store, who, visible);
  return {
    changes: visible.map((r) => ({ seq: r.seq, kind: r.kind, id: r.id, rev: r.rev, data: r.data })),
    cursor: last ? String(last.seq) : cursor,
    hasMore,
  };
}
