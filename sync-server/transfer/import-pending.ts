import { AppError, zodIssues } from '#shared/errors';
import type { MutationResult } from '#shared/sync-protocol';
import { pendingExportSchema, type ImportResult, type PendingExport } from '#shared/transfer/pending-export';
import { sealVerifies } from '#shared/transfer/seal';
import type { BlobFiles } from '../blobs/blob-files';
import { actorFor, applyMutations, withSetWise, type PushOptions } from '../sync/push';
import type { AuditEntry, Store, StoredUser } from '../store/store';

/** The admin bringing a file in, as their session says. */
export interface Importer {
  user: StoredUser;
  deviceId: string | null;
}

const refuse = (code: 'SEAL_INVALID' | 'IMPORT_REFUSED', reason: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, message, { reason, ...extra });

/**
 * An admin brings in a device's "Exportar pendientes" file (a phone that will never sync again).
 * Nobody acts in another person's name: the file is applied only if its seal verifies with the
 * key its author's device got at sign-in, as that author's changes, with the author's account,
 * device and role as they are now. Anything else refuses the whole file before a change is
 * kept. The audit names both: an `import` entry for the admin, and each change as the author's
 * with `importedBy` in its detail. Importing twice changes nothing (receipts; files by hash).
 */
export async function importPendingFile(store: Store, files: BlobFiles | null, importer: Importer, raw: unknown, push: PushOptions): Promise<ImportResult> {
  const at = new Date().toISOString();
  const entry = (detail: Record<string, unknown>): AuditEntry => ({
    at,
    municipality: importer.user.municipality,
    userId: importer.user.id,
    deviceId: importer.deviceId,
    action: 'import',
    kind: null,
    recordId: null,
    detail,
  });
  let claimed: Record<string, unknown> = {};
  try {
    const { data, author } = await verifiedFile(store, importer, raw, (c) => (claimed = c));
    let storedFiles = 0;
    const refusedFiles: { hash: string; name: string; code: string; message: string }[] = [];
    // Files first (content-addressed, reachable only through records that name them). The
    // author's device held these bytes: the references their changes make are theirs.
    const who = { municipality: author.municipality, userId: author.id };
    for (const f of data.files) {
      if (!files) break;
      const bytes = Buffer.from(f.base64, 'base64');
      try {
        const state = await files.start(f.hash, { size: f.size, name: f.name }, who);
        if (!state.complete) await files.append(f.hash, state.received, bytes.subarray(state.received), who);
        storedFiles++;
      } catch (err) {
        // A file of a type never kept is refused alone: the records it came with still apply.
        if (!(err instanceof AppError) || err.code !== 'UNSUPPORTED_FILE_TYPE') throw err;
        refusedFiles.push({ hash: f.hash, name: f.name, code: err.code, message: err.message });
      }
    }
    const actor = { ...actorFor(author, data.deviceId), importedBy: { userId: importer.user.id, deviceId: importer.deviceId } };
    const results = await withSetWise(push, (opts) => store.transaction(actor.municipality, async (tx) => {
      const results = await applyMutations(tx, actor, data.mutations, opts);
      // The author's role decides, as it is today: one change it no longer permits refuses the file.
      const forbidden = results.filter((r): r is Extract<MutationResult, { status: 'rejected' }> => r.status === 'rejected' && r.error.code === 'FORBIDDEN');
      if (forbidden.length > 0) {
        throw refuse('IMPORT_REFUSED', 'not-permitted', `The author's role does not permit ${forbidden.length} of these changes; nothing was applied`, {
          refused: forbidden.map((r) => ({ mutationId: r.mutationId, message: r.error.message })),
        });
      }
      const rejected = results.filter((r) => r.status === 'rejected').length;
      await tx.appendAudit(entry({ ...claimed, mutations: results.length, applied: results.length - rejected, rejected, files: storedFiles }));
      return results;
    }));
    return {
      applied: results.filter((r) => r.status !== 'rejected').length,
      rejected: results.flatMap((r) => (r.status === 'rejected' ? [{ mutationId: r.mutationId, error: { code: r.error.code, message: r.error.message } }] : [])),
      files: storedFiles,
      refusedFiles,
      author: { id: author.id, username: author.username, displayName: author.displayName, deviceId: data.deviceId },
    };
  } catch (err) {
    // A refused import is audited too (someone tried to bring changes in), in its own entry.
    if (err instanceof AppError) {
      const reason = (err.details as { reason?: unknown } | undefined)?.reason;
      await store.appendAudit(entry({ ...claimed, refused: err.code, ...(typeof reason === 'string' ? { reason } : {}) }));
    }
    throw err;
  }
}

/** The file, its seal checked, and its author as they are now; or the reason it is refused. */
async function verifiedFile(
  store: Store,
  importer: Importer,
  raw: unknown,
  claim: (c: Record<string, unknown>) => void,
): Promise<{ data: PendingExport; author: StoredUser }> {
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (obj?.format !== 'gel-campo/pendientes') throw new AppError('VALIDATION_FAILED', 'The file is not a GEL Campo export of pending changes');
  // What the file claims, for the audit (bounded: it is not checked yet).
  const said = (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : null);
  claim({ claimedAuthor: said((obj.user as { id?: unknown } | undefined)?.id), claimedDevice: said(obj.deviceId), exportedAt: said(obj.exportedAt) });
  if (obj.version === 1 || obj.seal === undefined) {
    throw refuse('SEAL_INVALID', 'unsealed', 'The file is not sealed (an app version before sealed exports): the server applies sealed files only');
  }
  const parsed = pendingExportSchema.safeParse(obj);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The export file is not valid', zodIssues(parsed.error));
  const data = parsed.data;
  const author = await store.findUserById(data.user.id);
  if (!author || author.municipality !== importer.user.municipality || data.user.municipality !== author.municipality) {
    throw refuse('IMPORT_REFUSED', 'unknown-author', 'The file names a user who is not of this municipality');
  }
  const key = await store.findDeviceKey(data.deviceId);
  if (!key || key.userId !== author.id || !(await sealVerifies(obj, data.seal.mac, key.secret))) {
    throw refuse('SEAL_INVALID', 'mac', 'The seal does not verify with the key of the device and user the file names: it was altered or not written by them');
  }
  // Written by that user on that device. Still allowed to act?
  if (key.revokedAt) throw refuse('IMPORT_REFUSED', 'device-revoked', 'An admin revoked the device that wrote this file');
  if (!author.active) throw refuse('IMPORT_REFUSED', 'author-inactive', "The file's author's account is deactivated");
  claim({ author: author.id, authorDevice: data.deviceId, exportedAt: data.exportedAt });
  return { data, author };
}
