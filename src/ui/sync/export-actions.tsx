import { useState } from 'preact/hooks';
import { exportPending, importPending } from '../../sync/pending-transfer';
import { download } from '../common/download';
import { onAction } from '../common/action';
import { FormNotice, useNotice } from '../common/notice';
import { ExportFileInput } from './export-file-input';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';

const t = m.sync;

/** "Exportar pendientes": a file with every unsynced change and file, for a device that cannot sync. */
export function ExportButton() {
  const { db, deviceId, session, engine } = useServices();
  const [msg, setMsg] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        onClick={onAction(async () => {
          const data = await exportPending(db, engine.events, {
            deviceId,
            deviceKey: session.deviceKey ?? null,
            user: { id: session.user.id, username: session.user.username, municipality: session.user.municipality },
          });
          download(`pendientes-${session.user.username}-${data.exportedAt.slice(0, 16).replace(/[:T]/g, '-')}.json`, JSON.stringify(data), 'application/json');
          setMsg(t.exported(data.mutations.length, data.files.length) + (data.version === 1 ? ` ${t.exportedUnsealed}` : ''));
        }, setMsg)}
      >
        {t.export}
      </button>
      {msg && (
        <span role="status" data-testid="export-status">
          {' '}
          {msg}
        </span>
      )}
    </>
  );
}

export function ImportInput() {
  const { db } = useServices();
  const { notice, done, fail } = useNotice();
  return (
    <>
      <ExportFileInput
        id="import-file"
        label={t.import}
        onContent={async (content) => {
          const added = await importPending(db, content);
          done(t.imported(added.mutations, added.files));
        }}
        onError={fail}
      />
      <FormNotice notice={notice} testId="import-status" />
    </>
  );
}
