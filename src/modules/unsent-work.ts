import type { GelDb } from '../db/database';
import { flushDrafts } from './portal/drafts';

/**
 * Everything on this device the server has not taken yet, read from the tables at the moment it
 * is asked (never from a status someone had to update): changes in the outbox (autosaved text
 * moved there first), changes the server refused and that wait for a person, and files not sent.
 */
export async function countUnsentWork(db: GelDb): Promise<number> {
  await flushDrafts(db);
  const [changes, refused, files] = await Promise.all([
    db.outbox.count(),
    db.quarantine.count(),
    db.file.where('state').anyOf('queued', 'failed').count(),
  ]);
  return changes + refused + files;
}
