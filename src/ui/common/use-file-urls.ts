import { useEffect, useState } from 'preact/hooks';
import { fileObjectUrl } from '../../files/local-files';
import { isImageType } from '../../shared/files/file-type';
import { useServices } from '../services';

/** Object URLs of photos (by hash) for showing them; fetched on demand, revoked when no longer shown. */
export function useFileUrls(files: { hash: string }[]): Record<string, string> {
  const { db, download } = useServices();
  const [urls, setUrls] = useState<Record<string, string>>({});
  const key = files.map((f) => f.hash).join();
  useEffect(() => {
    let alive = true;
    const made: string[] = [];
    void (async () => {
      const next: Record<string, string> = {};
      for (const f of files) {
        try {
          const { url, type } = await fileObjectUrl(db, f, download);
          made.push(url);
          // Only a photo goes in an <img>: anything else keeps showing its alt text.
          if (isImageType(type)) next[f.hash] = url;
        } catch {
          // Not on the device and no connection: the preview shows the alt text meanwhile.
        }
      }
      if (alive) setUrls(next);
    })();
    return () => {
      alive = false;
      for (const u of made) URL.revokeObjectURL(u);
    };
    // The hashes are the identity of the list.
  }, [db, key]);
  return urls;
}
