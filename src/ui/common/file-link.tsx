import { useState } from 'preact/hooks';
import { fileObjectUrl } from '../../files/local-files';
import type { FileRef } from '#shared/files/file-schema';
import { isImageType } from '#shared/files/file-type';
import { errorMessage, messages as m } from '../i18n/es-CO';
import { onAction } from './action';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

/**
 * Opens a file: from the device, or downloaded once (then cached) when online. A photo opens in
 * a tab; anything else is saved as a download, never rendered. A file the server refused stays
 * listed with the reason (the record keeps it; the person can attach another one).
 */
export function FileLink({ file }: { file: FileRef }) {
  const { db, download } = useServices();
  const [error, setError] = useState(false);
  const local = useLiveQuery(() => db.file.get(file.hash), [db, file.hash], undefined);
  const refused = local?.state === 'failed' ? local.error : null;
  return (
    <span>
      <button
        type="button"
        class="link-button"
        onClick={onAction(
          async () => {
            const { url, type } = await fileObjectUrl(db, file, download);
            if (isImageType(type)) window.open(url, '_blank', 'noopener');
            else {
              const a = document.createElement('a');
              a.href = url;
              a.download = file.name;
              a.click();
            }
            setTimeout(() => URL.revokeObjectURL(url), 60_000);
            setError(false);
          },
          // Not on the device and no connection (or the server would not give it): said so here.
          () => setError(true),
        )}
      >
        {m.pqrsd.open} {file.name} ({Math.ceil(file.size / 1024)} KB)
      </button>
      {refused && (
        <span class="error" role="alert" data-testid="file-refused">
          {' '}
          {m.pqrsd.fileRefused(errorMessage(refused.code, refused.message))}
        </span>
      )}
      {error && (
        <span class="error" role="alert">
          {' '}
          {m.pqrsd.fileNotYet}
        </span>
      )}
    </span>
  );
}
