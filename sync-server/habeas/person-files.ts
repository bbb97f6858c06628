import type { BlobFiles } from '../blobs/blob-files';
import type { StoreTx } from '../store/store';

/** What the suppression needs of the file storage: who sent a file's bytes, and removing it. */
export type FileRemover = Pick<BlobFiles, 'removeFor' | 'meta'>;

export interface ReleasedFiles {
  /** Deleted for this municipality (the bytes too, once no other municipality holds them). */
  deleted: string[];
  /** Still attached to another record of the municipality by someone who sent it: kept. */
  kept: string[];
}

/**
 * After a suppression emptied the records' file references (in this transaction): each file
 * that no other record of the municipality references is deleted. A reference counts only if
 * whoever put it there sent the bytes themselves (the rule downloads follow, blobs/file-access):
 * writing a scan's hash into one's own record never keeps the scan alive, and once it is
 * deleted such a reference just answers 404. Runs last in the transaction, so a failure undoes
 * the suppression and the officer can simply try again.
 */
export async function releaseFiles(tx: StoreTx, files: FileRemover | null, municipality: string, hashes: Iterable<string>): Promise<ReleasedFiles> {
  const out: ReleasedFiles = { deleted: [], kept: [] };
  for (const hash of [...new Set(hashes)].sort()) {
    const meta = files ? await files.meta(hash) : null;
    const owner = meta && Object.hasOwn(meta.owners, municipality) ? meta.owners[municipality] : undefined;
    // No side file (never uploaded, or no file storage): nobody proved possession, no reference keeps it.
    const senders = owner ? owner.users : [];
    if ((await tx.fileReferences(municipality, hash, senders, 1)).length > 0) {
      out.kept.push(hash);
      continue;
    }
    await files?.removeFor(municipality, hash);
    out.deleted.push(hash);
  }
  return out;
}
