// Portal drafts written on test devices (real Dexie, real engine) and shared through the server.
import type { LocalDraft } from '../../src/db/database';
import { newDraft, saveWorkingCopy } from '../../src/modules/portal/drafts';
import type { PortalCategory } from '#shared/portal/portal-schema';
import type { Device } from './server-process';

/** A draft the author writes in `category`, synced so that every device of `others` holds it too. */
export async function sharedDraft(author: Device, others: Device[], category: PortalCategory, copy: { title: string; body: string }): Promise<LocalDraft> {
  const draft = await newDraft(author.db, author.ctx, category);
  await saveWorkingCopy(author.db, draft.id, copy);
  await author.syncNow();
  for (const d of others) await d.syncNow();
  return draft;
}
