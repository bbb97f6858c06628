import type { GelDb, LocalFile } from '../db/database';
import { AppError, zodIssues } from '#shared/errors';
import { anyPendingExportSchema, type LegacyPendingExport, type PendingExport } from '#shared/transfer/pending-export';
import { sealExport } from '#shared/transfer/seal';
import { sha256Hex } from '../files/local-files';
import type { SyncEvents } from './sync-events';

const toBase64 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/**
 * Everything unsynced on this device, as one file (what was typed is flushed into it first),
 * sealed with the device's key so the server can tell who wrote it. Without a key (a session
 * from before keys, never refreshed since) the file is unsealed: another device can take its
 * changes as its own user's, the server refuses it.
 */
export async function exportPending(
  db: GelDb,
  events: SyncEvents,
  who: { deviceId: string; deviceKey: string | null; user: { id: string; username: string; municipality: string } },
  now: Date = new Date(),
): Promise<PendingExport | LegacyPendingExport> {
  await events.emit('beforePush', db);
  const [outbox, quarantine, files] = await Promise.all([
    db.outbox.orderBy('seq').toArray(),
    db.quarantine.toArray(),
    db.file.where('state').anyOf('queued', 'failed').toArray(),
  ]);
  const content = {
    format: 'gel-campo/pendientes' as const,
    exportedAt: now.toISOString(),
    deviceId: who.deviceId,
    user: who.user,
    mutations: outbox.map((e) => e.mutation),
    refused: quarantine.map((q) => ({ mutation: q.mutation, code: q.error.code, message: q.error.message })),
    files: files.map((f: LocalFile) => ({ hash: f.hash, name: f.name, type: f.type, size: f.size, base64: toBase64(f.bytes) })),
  };
  return who.deviceKey ? sealExport({ ...content, version: 2 }, who.deviceKey) : { ...content, version: 1 };
}

/**
 * Takes another device's export into this device's queues: changes not already queued here go
 * to the outbox (the server's receipts make a second import harmless), files after checking
 * their hash. Returns what was added. Sealed or not: this device sends them as its own user's
 * changes, with that user's permissions, so nobody acts in the author's name.
 */
export async function importPending(db: GelDb, raw: unknown, now: Date = new Date()): Promise<{ mutations: number; files: number }> {
  const parsed = anyPendingExportSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'El archivo no es una exportación de GEL Campo', zodIssues(parsed.error));
  const data = parsed.data;
  const files: LocalFile[] = [];
  for (const f of data.files) {
    const bytes = fromBase64(f.base64);
    if (bytes.byteLength !== f.size || (await sha256Hex(bytes)) !== f.hash) {
      throw new AppError('HASH_MISMATCH', `El archivo «${f.name}» de la exportación está dañado`);
    }
    files.push({ hash: f.hash, name: f.name, type: f.type, size: f.size, bytes, sent: 0, state: 'queued', error: null, attempts: 0, nextAttemptAt: now.toISOString(), createdAt: now.toISOString() });
  }
  let added = 0;
  let addedFiles = 0;
  await db.transaction('rw', db.outbox, db.file, async () => {
    for (const m of data.mutations) {
      if (await db.outbox.where('mutationId').equals(m.id).count()) continue;
      await db.outbox.add({ mutationId: m.id, kind: m.kind, recordId: m.recordId, mutation: m, createdAt: now.toISOString(), imported: true });
      added++;
    }
    for (const f of files) {
      if (await db.file.get(f.hash)) continue;
      await db.file.add(f);
      addedFiles++;
    }
  });
  return { mutations: added, files: addedFiles };
}
