import { AppError } from '#shared/errors';
import { fileHashesIn } from '#shared/files/file-refs';
import type { AnonymiseRequest, AnonymiseResult, RecordRef } from '#shared/habeas/api';
import { REDACTED_ID_NUMBER, REDACTED_LABEL, redactedCitizen, type Redaction } from '#shared/habeas/redaction-schema';
import { OPEN_STATES, type Lifecycle } from '#shared/pqrsd/lifecycle-schema';
import type { IdType } from '#shared/identity';
import type { Actor } from '../reconcile/reconcile-mutation';
import type { StoredRecord, StoreTx } from '../store/store';
import { saveDerived } from '../sync/hooks/types';
import { findPersonRecords } from './find';
import { termsOf } from './mentions';
import { releaseFiles, type FileRemover, type ReleasedFiles } from './person-files';
import { rekeyOfficial } from './rekey-official';
import { saveSealed } from './sealed';
import { scrubReceipts } from './stored-copies';

const ref = (r: StoredRecord): RecordRef => ({ kind: r.kind, id: r.id, label: (r.data.radicado as string | null | undefined) ?? null });

/** What stops a record from being anonymised now, in words for the officer; null when it may be. */
export function blockerOf(r: StoredRecord): string | null {
  if (r.kind === 'pqrsd') {
    const state = (r.data.lifecycle as Lifecycle).state;
    return OPEN_STATES.includes(state) ? 'la solicitud sigue abierta: la entidad aún debe responderla' : null;
  }
  if (r.kind === 'official') return r.data.active ? 'el funcionario sigue activo en la planta: márquelo como inactivo primero' : null;
  return r.data.answer ? null : 'la solicitud de datos personales aún no se ha respondido';
}

/**
 * Conflicts keep both values of a field: those of an anonymised field are emptied too, and
 * marked decided (the server's, now emptied, value stands).
 */
async function scrubConflicts(tx: StoreTx, actor: Actor, r: StoredRecord, field: string, value: unknown, at: string): Promise<void> {
  const conflicts = (await tx.recordsOfKind(actor.municipality, 'conflict')).filter(
    (c) => c.data.kind === r.kind && c.data.recordId === r.id && c.data.field === field,
  );
  for (const c of conflicts) {
    const data = { ...c.data, serverValue: value, clientValue: value, resolved: true, resolution: c.data.resolution ?? 'server', resolvedBy: c.data.resolvedBy ?? actor.userId, resolvedAt: c.data.resolvedAt ?? at };
    await saveDerived(tx, c, data, ['serverValue', 'clientValue', 'resolved', 'resolution', 'resolvedBy', 'resolvedAt'], actor, at);
  }
}

/** Anonymises one record; answers the id it has now and the files it no longer references. */
async function anonymiseOne(tx: StoreTx, actor: Actor, r: StoredRecord, body: AnonymiseRequest, at: string): Promise<{ id: string; files: Set<string> }> {
  const redacted: Redaction = { at, reason: body.reason };
  const seal = (recordId: string, idType: unknown, idNumber: unknown, name: unknown) =>
    saveSealed(tx, {
      municipality: actor.municipality,
      kind: r.kind,
      recordId,
      idType: String(idType),
      idNumber: String(idNumber),
      name: String(name),
      sealedAt: at,
      sealedBy: actor.userId,
      reason: body.reason,
      dsrId: body.dsrId ?? null,
    });
  if (r.kind === 'pqrsd') {
    // Retention (Ley 594 de 2000): radicado, dates, subject and lifecycle stay; contact data and
    // the scans of their documents go, name and ID are sealed.
    const c = r.data.citizen as { idType: IdType; idNumber: string; name: string };
    await seal(r.id, c.idType, c.idNumber, c.name);
    const citizen = redactedCitizen(c.idType);
    const files = fileHashesIn(r.data.files);
    await saveDerived(tx, r, { ...r.data, citizen, files: [], redacted }, ['citizen', 'files', 'redacted'], actor, at);
    await scrubConflicts(tx, actor, r, 'citizen', citizen, at);
    await scrubConflicts(tx, actor, r, 'files', [], at);
    return { id: r.id, files };
  }
  if (r.kind === 'official') {
    // The entry stays (attendance and evaluations count for the indicators) under a new random
    // id, since the old one was derived from the ID document; drawn signatures go.
    const marks = (await tx.recordsOfKind(actor.municipality, 'attendance_mark')).filter((m) => m.data.officialId === r.id && m.data.signature);
    for (const m of marks) await saveDerived(tx, m, { ...m.data, signature: null }, ['signature'], actor, at);
    const id = await rekeyOfficial(tx, actor, r, { ...r.data, fullName: REDACTED_LABEL, idNumber: REDACTED_ID_NUMBER, redacted }, at);
    await seal(id, r.data.idType, r.data.idNumber, r.data.fullName);
    await scrubConflicts(tx, actor, { ...r, id }, 'fullName', REDACTED_LABEL, at);
    return { id, files: new Set() };
  }
  // An answered data-subject request is the proof the entity attended it: it keeps who
  // asked and what was answered; the contact data, no longer needed, is deleted.
  const person = { ...(r.data.person as Record<string, unknown>), address: '', email: '', phone: '' };
  await saveDerived(tx, r, { ...r.data, person, redacted }, ['person', 'redacted'], actor, at);
  await scrubConflicts(tx, actor, r, 'person', person, at);
  return { id: r.id, files: new Set() };
}

/**
 * Deletes ("supresión") the person's data where the law allows, all or nothing, in the
 * caller's transaction. Refused with the reasons when a chosen record must keep its data.
 */
export async function anonymisePerson(
  tx: StoreTx,
  actor: Actor,
  body: AnonymiseRequest,
  at: string,
  files: FileRemover | null,
): Promise<Omit<AnonymiseResult, 'mentions' | 'files'> & { files: ReleasedFiles; touched: RecordRef[]; receipts: number }> {
  const found = await findPersonRecords(tx, actor.municipality, body);
  const all = [...found.requests, ...found.officials, ...found.dsrs];
  if (all.length === 0) throw new AppError('NOT_FOUND', 'No hay registros de esa persona en este municipio');
  const chosen = body.recordIds ? all.filter((r) => body.recordIds?.includes(r.id)) : all;
  if (body.recordIds && chosen.length !== new Set(body.recordIds).size) {
    throw new AppError('NOT_FOUND', 'Algún registro indicado no es de esa persona');
  }
  const kept: AnonymiseResult['kept'] = [];
  const todo: StoredRecord[] = [];
  const blocked: (RecordRef & { why: string })[] = [];
  for (const r of chosen) {
    if (r.data.redacted) kept.push({ ...ref(r), why: 'ya suprimido' });
    else if (r.kind === 'data_subject_request' && !body.recordIds && blockerOf(r)) kept.push({ ...ref(r), why: blockerOf(r) as string });
    else if (blockerOf(r)) blocked.push({ ...ref(r), why: blockerOf(r) as string });
    else todo.push(r);
  }
  if (blocked.length > 0) {
    const list = blocked.map((b) => `${b.label ?? b.id}: ${b.why}`).join('; ');
    throw new AppError('INVALID_TRANSITION', `No se suprimió ningún dato. La ley no lo permite todavía para: ${list}.`, { blocked });
  }
  const anonymised: RecordRef[] = [];
  const dropped = new Set<string>();
  for (const r of todo) {
    const done = await anonymiseOne(tx, actor, r, body, at);
    anonymised.push({ ...ref(r), id: done.id });
    for (const h of done.files) dropped.add(h);
  }
  // Stored answers of changes may hold a value the server set on their records (the roster's
  // ID number, which earlier versions answered back): rewritten, for records suppressed now or before.
  const receipts = await scrubReceipts(tx, actor.municipality, termsOf(found, body));
  // `touched` names the records by the ids they had, for the audit entry: it must not link a
  // re-keyed official's old id to the new one.
  return { anonymised, kept, receipts, touched: todo.map(ref), files: await releaseFiles(tx, files, actor.municipality, dropped) };
}
