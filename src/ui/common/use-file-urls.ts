import { useEffect, useState } from 'preact/hooks';
import { fileObjectUrl } from '../../files/local-files';
import { isImageType } from '#shared/files/file-type';
import { useServices } from '../services';

/** Object URLs of photos (by hash) for showing them; fetched on demand, revoked when no longer shown. */
export function useFileUrls(files: { hash: string }[]): Record<string, string> {
  const { db, download } = useServices();
  const [urls, setUrls] = useState<Record<string, string>>({});
  // The hashes are the identity of the list (the array itself is new at every render).
  const key = files.map((f) => f.hash).join();
  useEffect(() => {
    let alive = true;
    const made: string[] = [];
    void (async () => {
      const next: Record<string, string> = {};
      for (const hash of key ? key.split(',') : []) {
        try {
          const { url, type } = await fileObjectUrl(db, { hash }, download);
          made.push(url);
          // Only a photo goes in an <img>: anything else keeps showing its alt text.
          if (isImageType(type)) next[hash] = url;
        } catch (err) {
          // Not on the device and no connection: the preview shows the alt text meanwhile.
          console.warn('Preview of a file not available:', err);
        }
      }
      if (alive) setUrls(next);
    })();
    return () => {
      alive = false;
      for (const u of made) URL.revokeObjectURL(u);
    };
  }, [db, download, key]);
  return urls;
}
