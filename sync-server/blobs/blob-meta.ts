import { z } from 'zod';

/** Who proved they hold a file's bytes: per municipality, the users who sent them. */
export interface FileOwner {
  /** The name this municipality's uploader gave it (only shown to that municipality). */
  name: string;
  /**
   * Users who sent the bytes (proof of possession); null for files stored before users were
   * recorded, whose municipality proved possession as a whole.
   */
  users: string[] | null;
}

export interface FileMeta {
  hash: string;
  size: number;
  /** The type decided from the content when the upload completed (informative: serving sniffs again). */
  type: string;
  owners: Record<string, FileOwner>;
}

/** Who is uploading: a user of a municipality (proof of possession is theirs). */
export interface Uploader {
  municipality: string;
  userId: string;
}

const ownerSchema = z.object({ name: z.string(), users: z.array(z.string()).nullable() });
const metaSchema = z.object({ hash: z.string(), size: z.number(), type: z.string(), owners: z.record(z.string(), ownerSchema) });
/** Side files written before ownership was per user: a declared type and a list of municipalities. */
const legacyMetaSchema = z.object({ hash: z.string(), size: z.number(), type: z.string(), name: z.string(), municipalities: z.array(z.string()) });

/** Reads a side file of either format; anything unreadable is treated as absent (never as access). */
export function parseMeta(text: string): FileMeta | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const current = metaSchema.safeParse(raw);
  if (current.success) return current.data;
  const legacy = legacyMetaSchema.safeParse(raw);
  if (!legacy.success) return null;
  const { hash, size, type, name, municipalities } = legacy.data;
  return { hash, size, type, owners: Object.fromEntries(municipalities.map((m) => [m, { name, users: null }])) };
}

/** Whether this user proved they hold the file (or their municipality did, before users were recorded). */
export function holds(meta: FileMeta | null, who: Uploader): boolean {
  const owner = meta ? Object.hasOwn(meta.owners, who.municipality) && meta.owners[who.municipality] : undefined;
  if (!owner) return false;
  return owner.users === null || owner.users.includes(who.userId);
}

/** The meta with this uploader added to its municipality's owners. */
export function withOwner(meta: FileMeta, who: Uploader, name: string): FileMeta {
  const owner = Object.hasOwn(meta.owners, who.municipality) ? meta.owners[who.municipality] : undefined;
  if (owner && (owner.users === null || owner.users.includes(who.userId))) return meta;
  const next: FileOwner = owner ? { name: owner.name, users: [...(owner.users ?? []), who.userId] } : { name, users: [who.userId] };
  return { ...meta, owners: { ...meta.owners, [who.municipality]: next } };
}

/** A pending upload: what its uploader announced. */
export const pendingSchema = z.object({
  hash: z.string(),
  size: z.number().int().positive(),
  name: z.string(),
  municipality: z.string(),
  userId: z.string(),
});
export type Pending = z.infer<typeof pendingSchema>;
