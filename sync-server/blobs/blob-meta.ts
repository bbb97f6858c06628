import { z } from 'zod/mini';

/** Who proved they hold a file's bytes: per municipality, the users who sent them. */
export interface FileOwner {
  /** The name this municipality's uploader gave it (only shown to that municipality). */
  name: string;
  /** Users who sent the bytes (proof of possession). Never "everyone": a list, maybe empty. */
  users: string[];
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

const ownerSchema = z.object({ name: z.string(), users: z.array(z.string()) });
const metaSchema = z.object({ hash: z.string(), size: z.number(), type: z.string(), owners: z.record(z.string(), ownerSchema) });
/**
 * Side files written before ownership was per user: a declared type and a list of municipalities.
 * Also the per-user format's first form, whose `users: null` meant the same.
 */
const legacyMetaSchema = z.union([
  z.pipe(z.object({ hash: z.string(), size: z.number(), type: z.string(), name: z.string(), municipalities: z.array(z.string()) }), z.transform((m) => ({
    hash: m.hash,
    size: m.size,
    type: m.type,
    owners: Object.fromEntries(m.municipalities.map((code) => [code, { name: m.name }])),
  }))),
  z.object({ hash: z.string(), size: z.number(), type: z.string(), owners: z.record(z.string(), z.object({ name: z.string(), users: z.null() })) }),
]);

/**
 * A side file as read. `legacy`: written before users were recorded; its owners' users are empty
 * here (nobody) until BlobFiles upgrades it from the records that referenced the file.
 */
export interface ReadMeta {
  meta: FileMeta;
  legacy: boolean;
}

/** Reads a side file of any format; anything unreadable is treated as absent (never as access). */
export function parseMeta(text: string): ReadMeta | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const current = metaSchema.safeParse(raw);
  if (current.success) return { meta: current.data, legacy: false };
  const legacy = legacyMetaSchema.safeParse(raw);
  if (!legacy.success) return null;
  const { hash, size, type, owners } = legacy.data;
  const nobody = Object.fromEntries(Object.entries(owners).map(([m, o]) => [m, { name: o.name, users: [] }]));
  return { meta: { hash, size, type, owners: nobody }, legacy: true };
}

/** Whether this user proved they hold the file. */
export function holds(meta: FileMeta | null, who: Uploader): boolean {
  const owner = meta && Object.hasOwn(meta.owners, who.municipality) ? meta.owners[who.municipality] : undefined;
  return owner !== undefined && owner.users.includes(who.userId);
}

/** The meta with this uploader added to its municipality's owners. */
export function withOwner(meta: FileMeta, who: Uploader, name: string): FileMeta {
  const owner = Object.hasOwn(meta.owners, who.municipality) ? meta.owners[who.municipality] : undefined;
  if (owner?.users.includes(who.userId)) return meta;
  const next: FileOwner = owner ? { name: owner.name, users: [...owner.users, who.userId] } : { name, users: [who.userId] };
  return { ...meta, owners: { ...meta.owners, [who.municipality]: next } };
}

/** A pending upload: what its uploader announced. */
export const pendingSchema = z.object({
  hash: z.string(),
  size: z.number().check(z.int(), z.positive()),
  name: z.string(),
  municipality: z.string(),
  userId: z.string(),
});
export type Pending = z.infer<typeof pendingSchema>;
