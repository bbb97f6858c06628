import { useState } from 'preact/hooks';
import { fileObjectUrl } from '../../files/local-files';
import type { FileRef } from '../../shared/files/file-schema';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';

/** Opens a file: from the device, or downloaded once (then cached) when online. */
export function FileLink({ file }: { file: FileRef }) {
  const { db, download } = useServices();
  const [error, setError] = useState(false);
  return (
    <span>
      <button
        type="button"
        class="link-button"
        onClick={async () => {
          try {
            window.open(await fileObjectUrl(db, file, download), '_blank', 'noopener');
            setError(false);
          } catch {
            setError(true);
          }
        }}
      >
        {m.pqrsd.open} {file.name} ({Math.ceil(file.size / 1024)} KB)
      </button>
      {error && (
        <span class="error" role="alert">
          {' '}
          {m.pqrsd.fileNotYet}
        </span>
      )}
    </span>
  );
}
