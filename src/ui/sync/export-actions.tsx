import { useState } from 'preact/hooks';
import { exportPending, importPending } from '../../sync/pending-transfer';
import { download } from '../common/download';
import { describeError } from '../common/form-error';
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
        onClick={async () => {
          try {
            const data = await exportPending(db, engine.events, {
              deviceId,
              deviceKey: session.deviceKey ?? null,
              user: { id: session.user.id, username: session.user.username, municipality: session.user.municipality },
            });
            download(`pendientes-${session.user.username}-${data.exportedAt.slice(0, 16).replace(/[:T]/g, '-')}.json`, JSON.stringify(data), 'application/json');
            setMsg(t.exported(data.mutations.length, data.files.length) + (data.version === 1 ? ` ${t.exportedUnsealed}` : ''));
          } catch (err) {
            setMsg(describeError(err));
          }
        }}
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
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div class="field">
      <label for="import-file">{t.import}</label>
      <input
        id="import-file"
        type="file"
        accept="application/json,.json"
        onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          if (!file) return;
          try {
            const added = await importPending(db, JSON.parse(await file.text()));
            setMsg({ ok: true, text: t.imported(added.mutations, added.files) });
          } catch (err) {
            setMsg({ ok: false, text: err instanceof SyntaxError ? t.notAnExport : describeError(err) });
          }
        }}
      />
      {msg && (
        <p class={msg.ok ? 'success' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid="import-status">
          {msg.text}
        </p>
      )}
    </div>
  );
}
