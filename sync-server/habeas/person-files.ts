import { fileHashesIn } from '../../src/shared/files/file-refs';
import type { BlobFiles } from '../blobs/blob-files';
import type { StoreTx } from '../store/store';

/** Ways a file can be left on disk: only the BlobFiles method the suppression needs. */
export type FileRemover = Pick<BlobFiles, 'removeFor'>;

export interface ReleasedFiles {
  /** Deleted for this municipality (the bytes too, once no other municipality holds them). */
  deleted: string[];
  /** Still attached to another record of the municipality: kept. */
  kept: string[];
}

/**
 * After a suppression emptied the records' file references (in this transaction): each file no
 * other record of the municipality references any more is deleted. Runs last in the
 * transaction, so a failure undoes the suppression and the officer can simply try again.
 */
export async function releaseFiles(tx: StoreTx, files: FileRemover | null, municipality: string, hashes: Iterable<string>): Promise<ReleasedFiles> {
  const out: ReleasedFiles = { deleted: [], kept: [] };
  for (const hash of [...new Set(hashes)].sort()) {
    const mentioning = await tx.recordsMentioning(municipality, hash, 1_000);
    if (mentioning.some((r) => fileHashesIn(r.data).has(hash))) {
      out.kept.push(hash);
      continue;
    }
    await files?.removeFor(municipality, hash);
    out.deleted.push(hash);
  }
  return out;
}
