import { AppError } from '#shared/errors';
import { isImageType } from '#shared/files/file-type';
import { mayDownloadFile, type RecordViewer } from '#shared/records';
import type { Store } from '../store/store';
import type { BlobFiles, FileMeta } from './blob-files';

/** More references than any real file has; a limit only so that one query stays bounded. */
const MAX_REFERENCES = 500;

/** Enough for every reference a file from before per-user ownership could have. */
const MAX_LEGACY_REFERENCES = 100_000;

/** Who put a file into records of a municipality (the owners of a legacy side file, see BlobFiles). */
export const legacyReferrersFrom =
  (store: Store) =>
  async (municipality: string, hash: string): Promise<string[]> =>
    (await store.fileReferences(municipality, hash, null, MAX_LEGACY_REFERENCES)).map((r) => r.addedBy);

const notFound = () => new AppError('NOT_FOUND', 'No such file');

/**
 * Who may read a file: only through a record they may read whose structured file field points
 * at it, in their own municipality, which proved it holds the bytes. A reference counts only if
 * whoever put it there sent the bytes themselves, so writing a known hash into one's own record
 * (or into free text) gives nothing.
 */
export async function fileForReader(
  store: Store,
  files: BlobFiles,
  reader: RecordViewer & { municipality: string },
  hash: string,
): Promise<{ meta: FileMeta; name: string }> {
  const meta = await files.meta(hash);
  const owner = meta && Object.hasOwn(meta.owners, reader.municipality) ? meta.owners[reader.municipality] : undefined;
  if (!meta || !owner) throw notFound();
  const refs = await store.fileReferences(reader.municipality, hash, owner.users, MAX_REFERENCES);
  if (!mayDownloadFile(reader, refs.map((r) => r.record))) throw notFound();
  return { meta, name: owner.name };
}

/**
 * A file the public portal may show, or null: a photo that is an image of an item of this
 * municipality published now (`isShown` decides which drafts those are), put there by someone
 * who sent it.
 */
export async function fileForPortal(
  store: Store,
  files: BlobFiles,
  municipality: string,
  hash: string,
  isShown: (draft: Record<string, unknown>) => boolean,
): Promise<FileMeta | null> {
  const meta = await files.meta(hash);
  const owner = meta && Object.hasOwn(meta.owners, municipality) ? meta.owners[municipality] : undefined;
  if (!meta || !owner) return null;
  const refs = await store.fileReferences(municipality, hash, owner.users, MAX_REFERENCES);
  if (!refs.some((r) => r.record.kind === 'portal_draft' && isShown(r.record.data))) return null;
  try {
    return isImageType(await files.sniff(hash)) ? meta : null;
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}
