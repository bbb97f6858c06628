import type { GelDb } from '../../db/database';
import { addLocalFile } from '../../files/local-files';
import type { FileRef } from '#shared/files/file-schema';
import { compressImage } from '../portal/image-compress';

/** Photos are re-encoded (long side ≤ 1600 px, JPEG) before they are kept; other files as they are. */
export async function keepPickedFiles(db: GelDb, files: FileList | null): Promise<FileRef[]> {
  const refs: FileRef[] = [];
  for (const f of Array.from(files ?? [])) {
    if (f.type.startsWith('image/')) {
      const dataUrl = await compressImage(f);
      const bytes = Uint8Array.from(atob(dataUrl.split(',')[1] ?? ''), (ch) => ch.charCodeAt(0));
      refs.push(await addLocalFile(db, { name: f.name.replace(/\.\w+$/, '') + '.jpg', type: 'image/jpeg', bytes }));
    } else {
      refs.push(await addLocalFile(db, { name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) }));
    }
  }
  return refs;
}
