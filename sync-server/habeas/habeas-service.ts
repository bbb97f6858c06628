import type { z } from 'zod/mini';
import { AppError } from '#shared/errors';
import type {
  AnonymiseRequest,
  AnonymiseResult,
  Dossier,
  exportRequestSchema,
  Mention,
  PersonQuery,
  RectifyRequest,
  RectifyResult,
  RedactRequest,
  RedactResult,
} from '#shared/habeas/api';
import { DOSSIER_FILE_TYPES } from '#shared/habeas/api';
import { dossierCsv } from '#shared/habeas/dossier-csv';
import type { AuditEntry, Store, StoredUser } from '../store/store';
import type { HookContext } from '../sync/hooks/types';
import { habeasActor } from './actor';
import { anonymisePerson } from './anonymise';
import { buildDossier, dossierRecordIds } from './find';
import { findMentions, redactMentions } from './mentions';
import type { FileRemover } from './person-files';
import { rectifyPerson } from './rectify';

/**
 * Habeas data (Ley 1581 de 2012): the data-protection officer (role admin) finds, exports,
 * corrects and deletes one person's data, online against the server, own municipality only.
 * Every call is audited with who, when and from which device; the entry names records and
 * fields, never the ID number or any value (the audit log cannot be erased, so personal data
 * written there could never be deleted). A change and its audit entry commit together; a
 * refused change is audited in an entry of its own.
 */

/** Who asks: the signed-in officer and the device their session was opened on. */
export interface Officer {
  user: StoredUser;
  deviceId: string | null;
}

type ExportRequest = z.infer<typeof exportRequestSchema>;

/** A download: its name, type and content. */
export interface DossierFile {
  name: string;
  contentType: string;
  body: string;
}

const entry = (officer: Officer, action: string, detail: Record<string, unknown>, at = new Date().toISOString()): AuditEntry => ({
  at,
  municipality: officer.user.municipality,
  userId: officer.user.id,
  deviceId: officer.deviceId,
  action,
  kind: null,
  recordId: null,
  detail,
});

/** What a dossier holds, for the audit entry: counts and record ids, never values. */
const summary = (d: Dossier) => ({
  requests: d.requests.length,
  officials: d.officials.length,
  dataSubjectRequests: d.dataSubjectRequests.length,
  sealed: d.sealed.length,
  recordIds: dossierRecordIds(d),
});

/** Where the person is mentioned, for the audit entry: records and fields, never the text. */
const mentionIds = (mentions: Mention[]) => mentions.map(({ kind, id, field }) => ({ kind, id, field }));

/** Runs a change; one the rules refuse is audited too, in its own entry (the change's transaction rolled back). */
async function auditingRefusal<T>(store: Store, officer: Officer, action: string, detail: Record<string, unknown>, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (err instanceof AppError) await store.appendAudit(entry(officer, action, { ...detail, refused: err.code }));
    throw err;
  }
}

/** Everything the municipality holds on the person, and the free-text mentions of them. */
export async function searchPerson(store: Store, officer: Officer, q: PersonQuery): Promise<{ dossier: Dossier; mentions: Mention[] }> {
  const municipality = officer.user.municipality;
  const dossier = await buildDossier(store, municipality, q);
  const mentions = await findMentions(store, municipality, q);
  await store.appendAudit(entry(officer, 'habeas.search', { idType: q.idType, ...summary(dossier), mentions: mentionIds(mentions) }));
  return { dossier, mentions };
}

/** The person's dossier as a file (JSON or CSV) to hand over to them. */
export async function exportDossier(store: Store, officer: Officer, { format, ...q }: ExportRequest): Promise<DossierFile> {
  const dossier = await buildDossier(store, officer.user.municipality, q);
  await store.appendAudit(entry(officer, 'habeas.export', { idType: q.idType, format, ...summary(dossier) }));
  // No ID number in the file name: download folders are often listed or synced elsewhere.
  const name = `datos-personales-${dossier.generatedAt.slice(0, 10)}.${format}`;
  // The types the app's client expects of each format (src/shared/habeas/api.ts).
  if (format === 'csv') return { name, contentType: DOSSIER_FILE_TYPES.csv, body: dossierCsv(dossier) };
  return { name, contentType: DOSSIER_FILE_TYPES.json, body: JSON.stringify(dossier satisfies Dossier, null, 2) };
}

/** Corrects the person's name and contact data on every record that holds them. */
export async function rectify(store: Store, officer: Officer, body: RectifyRequest): Promise<Pick<RectifyResult, 'updated'>> {
  const actor = habeasActor(officer.user);
  const at = new Date().toISOString();
  const fields = Object.keys(body.changes).sort();
  const refused = { idType: body.idType, fields, dsrId: body.dsrId ?? null };
  return auditingRefusal(store, officer, 'habeas.rectify', refused, async () => {
    const result = await store.transaction(actor.municipality, async (tx) => {
      const r = await rectifyPerson(tx, actor, body, at);
      const records = r.updated.map(({ kind, id }) => ({ kind, id }));
      await tx.appendAudit(entry(officer, 'habeas.rectify', { idType: body.idType, fields: r.fields, records, dsrId: body.dsrId ?? null }, at));
      return r;
    });
    return { updated: result.updated };
  });
}

/** Deletes ("supresión") the person's data where the law allows, all or nothing. */
export async function anonymise(store: Store, officer: Officer, body: AnonymiseRequest, files: FileRemover | null): Promise<AnonymiseResult> {
  const actor = habeasActor(officer.user);
  const at = new Date().toISOString();
  const refused = { idType: body.idType, recordIds: body.recordIds ?? null, dsrId: body.dsrId ?? null };
  return auditingRefusal(store, officer, 'habeas.anonymise', refused, async () => {
    const result = await store.transaction(actor.municipality, async (tx) => {
      const r = await anonymisePerson(tx, actor, body, at, files);
      const records = r.touched.map(({ kind, id }) => ({ kind, id }));
      const kept = r.kept.map(({ kind, id }) => ({ kind, id }));
      // How many scans went, not their hashes: a hash would confirm a copy of the deleted scan.
      const counted = { deleted: r.files.deleted.length, kept: r.files.kept.length };
      await tx.appendAudit(entry(officer, 'habeas.anonymise', { idType: body.idType, records, kept, files: counted, receipts: r.receipts, dsrId: body.dsrId ?? null }, at));
      return r;
    });
    return {
      anonymised: result.anonymised,
      kept: result.kept,
      files: { deleted: result.files.deleted.length, kept: result.files.kept.length },
      mentions: await findMentions(store, actor.municipality, body),
    };
  });
}

/** Replaces the person's name and ID number in the chosen free-text fields, all or nothing. */
export async function redact(store: Store, officer: Officer, body: RedactRequest, ctx: HookContext): Promise<RedactResult> {
  const actor = habeasActor(officer.user);
  const at = new Date().toISOString();
  return auditingRefusal(store, officer, 'habeas.redact', { idType: body.idType, dsrId: body.dsrId ?? null }, async () => {
    const result = await store.transaction(actor.municipality, async (tx) => {
      const r = await redactMentions(tx, actor, body, at, ctx);
      await tx.appendAudit(entry(officer, 'habeas.redact', { idType: body.idType, records: r.redacted, dsrId: body.dsrId ?? null }, at));
      return r;
    });
    return { ...result, mentions: await findMentions(store, actor.municipality, body) };
  });
}
