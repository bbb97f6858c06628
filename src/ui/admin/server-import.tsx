import { useState } from 'preact/hooks';
import { importResultSchema } from '../../shared/transfer/pending-export';
import { ApiCallError, errorText } from '../../api/client';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';

const t = m.serverImport;

/** A file may carry photos: more than a usual call's minute on a slow connection. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;

/** Why the server refused a file, in words an admin can act on (details.reason of the error). */
function refusal(err: ApiCallError): string {
  const reason = (err.details as { reason?: unknown } | undefined)?.reason;
  const specific = typeof reason === 'string' ? (t.reasons as Record<string, string>)[reason] : undefined;
  return specific ? `${err.message} ${specific}` : err.message;
}

/**
 * The admin applies on the server a device's "Exportar pendientes" file (a phone lost or
 * broken). The server applies it only if its seal verifies, as its author's changes.
 */
export function ServerImport() {
  const { api } = useServices();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section class="card" aria-labelledby="server-import-title">
      <h2 id="server-import-title">{t.title}</h2>
      <p>{t.intro}</p>
      <div class="field">
        <label for="server-import-file">{t.file}</label>
        <input
          id="server-import-file"
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={async (e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            if (!file) return;
            setBusy(true);
            setMsg(null);
            try {
              let body: unknown;
              try {
                body = JSON.parse(await file.text());
              } catch {
                setMsg({ ok: false, text: m.sync.notAnExport });
                return;
              }
              const r = await api.post('/api/admin/import', body, importResultSchema, { timeoutMs: IMPORT_TIMEOUT_MS });
              setMsg({ ok: r.rejected.length === 0, text: t.done(r.author.displayName, r.applied, r.rejected.length, r.files) });
            } catch (err) {
              setMsg({ ok: false, text: err instanceof ApiCallError ? refusal(err) : errorText(err) });
            } finally {
              input.value = '';
              setBusy(false);
            }
          }}
        />
      </div>
      {msg && (
        <p class={msg.ok ? 'success' : 'error'} role={msg.ok ? 'status' : 'alert'} data-testid="server-import-status">
          {msg.text}
        </p>
      )}
    </section>
  );
}
