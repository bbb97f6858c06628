import { getMeta, setMeta, type GelDb } from '../db/database';
import { fileHashesIn } from '#shared/files/file-refs';
import { isRecordKind } from '#shared/records';

/**
 * Deletes this device's copies of files no local record points at any more (a suppressed
 * person's ID scan: the server emptied the request's file references; a request that left this
 * person's view). Runs inside the pulled page's transaction; a full look through the records,
 * but only when some hash was dropped.
 */
export async function forgetUnreferencedFiles(db: GelDb, hashes: ReadonlySet<string>): Promise<void> {
  if (hashes.size === 0) return;
  const left = new Set(hashes);
  for (const table of db.tables) {
    if (!isRecordKind(table.name) || left.size === 0) continue;
    await table.each((row: unknown) => {
      for (const h of fileHashesIn(row)) left.delete(h);
    });
  }
  // Unsent changes may still point at a file (an edit waiting for the outbox to drain).
  for (const e of await db.outbox.toArray()) for (const h of fileHashesIn(e.mutation.data)) left.delete(h);
  // A file not yet uploaded is this device's work, possibly of a record it just pushed: it goes
  // to the server first (a cached copy is 'sent').
  const sent = (await db.file.bulkGet([...left])).filter((f) => f?.state === 'sent').map((f) => f?.hash as string);
  if (sent.length > 0) await db.file.bulkDelete(sent);
}

/** The hashes a pulled record no longer points at, compared with the device's copy. */
export function droppedFiles(before: unknown, after: unknown): string[] {
  const now = fileHashesIn(after);
  return [...fileHashesIn(before)].filter((h) => !now.has(h));
}

const CANDIDATES = 'unlinkedFiles';

/**
 * Notes files some pulled records stopped pointing at, and once the pull is complete (a reset
 * re-sends records over several pages) forgets those nothing points at any more.
 */
export async function settleUnlinkedFiles(db: GelDb, unlinked: Iterable<string>, complete: boolean): Promise<void> {
  const all = new Set([...((await getMeta<string[]>(db, CANDIDATES)) ?? []), ...unlinked]);
  if (!complete) {
    if (all.size > 0) await setMeta(db, CANDIDATES, [...all]);
    return;
  }
  await forgetUnreferencedFiles(db, all);
  await db.meta.delete(CANDIDATES);
}
