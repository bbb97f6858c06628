import { AppError, zodIssues } from '#shared/errors';
import type { RectifyChanges, RectifyRequest, RectifyResult, RecordRef } from '#shared/habeas/api';
import { RECORD_KINDS } from '#shared/records';
import type { Actor } from '../reconcile/reconcile-mutation';
import type { StoredRecord, StoreTx } from '../store/store';
import { saveDerived } from '../sync/hooks/types';
import { findPersonRecords } from './find';

type Plan = { record: StoredRecord; data: Record<string, unknown>; field: string };

function withChanges(current: Record<string, unknown>, changes: RectifyChanges): Record<string, unknown> {
  const next = { ...current };
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) next[k] = v;
  return next;
}

/** The new state of one record, validated with its kind's own schema; null when nothing changes. */
function planFor(r: StoredRecord, changes: RectifyChanges): Plan | null {
  if (r.data.redacted) return null; // anonymised: nothing left to correct
  let data: Record<string, unknown>;
  let field: string;
  if (r.kind === 'pqrsd') {
    field = 'citizen';
    data = { ...r.data, citizen: withChanges(r.data.citizen as Record<string, unknown>, changes) };
  } else if (r.kind === 'data_subject_request') {
    field = 'person';
    data = { ...r.data, person: withChanges(r.data.person as Record<string, unknown>, changes) };
  } else {
    // The roster holds the name only (no contact data).
    if (changes.name === undefined) return null;
    field = 'fullName';
    data = { ...r.data, fullName: changes.name };
  }
  if (JSON.stringify(data[field]) === JSON.stringify(r.data[field])) return null;
  const spec = RECORD_KINDS[r.kind as 'pqrsd'];
  const valid = spec.schema.safeParse(data);
  if (!valid.success) {
    throw new AppError('VALIDATION_FAILED', 'La corrección dejaría un registro inválido', { recordId: r.id, kind: r.kind, issues: zodIssues(valid.error) });
  }
  return { record: r, data, field };
}

/**
 * Corrects the person's name and contact data on every record that holds them, in the
 * caller's transaction: each change is a new server revision, so every device pulls it.
 */
export async function rectifyPerson(tx: StoreTx, actor: Actor, body: RectifyRequest, at: string): Promise<RectifyResult & { fields: string[] }> {
  const found = await findPersonRecords(tx, actor.municipality, body);
  const all = [...found.requests, ...found.officials, ...found.dsrs];
  if (all.length === 0) throw new AppError('NOT_FOUND', 'No hay registros de esa persona en este municipio');
  const plans = all.map((r) => planFor(r, body.changes)).filter((p): p is Plan => p !== null);
  const updated: RecordRef[] = [];
  for (const p of plans) {
    await saveDerived(tx, p.record, p.data, [p.field], actor, at);
    updated.push({ kind: p.record.kind, id: p.record.id, label: (p.record.data.radicado as string | null | undefined) ?? null });
  }
  const fields = Object.entries(body.changes)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k)
    .sort();
  return { updated, fields };
}
