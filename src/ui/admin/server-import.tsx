import { useState } from 'preact/hooks';
import { importResultSchema } from '#shared/transfer/pending-export';
import { ApiCallError } from '../../api/client';
import { ExportFileInput } from '../sync/export-file-input';
import { FormNotice, useNotice } from '../common/notice';
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
  const { notice, done, fail, clear } = useNotice();
  const [busy, setBusy] = useState(false);

  async function send(body: unknown) {
    setBusy(true);
    clear();
    try {
      const r = await api.post('/api/admin/import', body, importResultSchema, { timeoutMs: IMPORT_TIMEOUT_MS });
      (r.rejected.length === 0 ? done : fail)(t.done(r.author.displayName, r.applied, r.rejected.length, r.files));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="server-import-title">
      <h2 id="server-import-title">{t.title}</h2>
      <p>{t.intro}</p>
      <ExportFileInput
        id="server-import-file"
        label={t.file}
        disabled={busy}
        onContent={send}
        onError={(text, err) => fail(err instanceof ApiCallError ? refusal(err) : text)}
      />
      <FormNotice notice={notice} testId="server-import-status" />
    </section>
  );
}
