import { errorText } from '../../api/client';
import { APP_VERSION } from '../../app-version';
import { revokedResponseSchema } from '../../shared/auth';
import { formatBytes, formatDateTime, messages as m, rejectionText } from '../i18n/es-CO';
import { download } from '../common/download';
import { useServices } from '../services';
import { useSyncStatus } from '../sync-status-bar';
import { useLiveQuery } from '../use-live-query';
import { ExportButton, ImportInput } from './export-actions';

const t = m.sync;

/** Each change's journey (en cola → enviado → confirmado, or rechazado with the reason) and a support file. */
export function SyncPage() {
  const { db, deviceId, session, engine, api } = useServices();
  const status = useSyncStatus();
  const outbox = useLiveQuery(() => db.outbox.orderBy('seq').limit(200).toArray(), [db], []);
  const refused = useLiveQuery(() => db.quarantine.toArray(), [db], []);
  const files = useLiveQuery(() => db.file.where('state').anyOf('queued', 'failed').toArray(), [db], []);
  const confirmed = useLiveQuery(async () => {
    const counts: Record<string, number> = {};
    for (const table of db.tables) {
      if (['outbox', 'quarantine', 'meta', 'file'].includes(table.name)) continue;
      counts[table.name] = await table.filter((r: { _sync?: string }) => r._sync === 'synced').count();
    }
    return counts;
  }, [db, status.lastSyncAt], {} as Record<string, number>);

  const diagnostics = () => ({
    app: APP_VERSION,
    at: new Date().toISOString(),
    userAgent: navigator.userAgent,
    deviceId,
    user: { username: session.user.username, role: session.user.role, municipality: session.user.municipality },
    status: engine.getStatus(),
    queue: outbox.map((e) => ({ kind: e.kind, op: e.mutation.op, createdAt: e.createdAt })),
    refused: refused.map((q) => ({ kind: q.kind, code: q.error.code, at: q.at })),
    files: files.map((f) => ({ size: f.size, sent: f.sent, state: f.state, error: f.error?.code ?? null })),
  });

  return (
    <>
      <section class="card" aria-labelledby="sync-title">
        <h2 id="sync-title">{t.title}</h2>
        <ul class="plain facts-list">
          <li>{status.lastSyncAt ? m.status.lastSync(formatDateTime(status.lastSyncAt)) : m.status.neverSynced}</li>
          <li data-testid="queued-count">{t.queued(outbox.length)}</li>
          <li>{t.refused(refused.length)}</li>
          <li>{t.files(files.length, formatBytes(files.reduce((n, f) => n + f.size - f.sent, 0)))}</li>
        </ul>
        <div class="actions">
          <button type="button" class="primary" onClick={() => void engine.syncNow()}>
            {m.status.syncNow}
          </button>
          <ExportButton />
          <button type="button" onClick={() => download(`diagnostico-${deviceId.slice(-6)}.json`, JSON.stringify(diagnostics(), null, 2), 'application/json')}>
            {t.diagnostics}
          </button>
        </div>
        <ImportInput />
        <button
          type="button"
          onClick={() =>
            void api
              .post('/api/auth/logout-all', {}, revokedResponseSchema, { offline: m.devices.signOutEverywhereOffline })
              .then((r) => alert(m.devices.signedOutEverywhere(r.revoked)))
              .catch((err: unknown) => alert(errorText(err)))
          }
        >
          {m.devices.signOutEverywhere}
        </button>
      </section>
      <section class="card" aria-labelledby="journey-title">
        <h3 id="journey-title">{t.journey}</h3>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.what}</th>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.state}</th>
              </tr>
            </thead>
            <tbody>
              {outbox.map((e, i) => (
                <tr key={e.mutationId} data-testid="journey-row">
                  <td>{t.kind(e.kind, e.mutation.op)}</td>
                  <td>{formatDateTime(e.createdAt)}</td>
                  <td>{status.sending && i < status.sending.total - status.sending.done ? t.sending : t.inQueue}</td>
                </tr>
              ))}
              {refused.map((q) => (
                <tr key={q.mutationId}>
                  <td>{t.kind(q.kind, q.mutation.op)}</td>
                  <td>{formatDateTime(q.at)}</td>
                  <td class="error-text">
                    {t.rejected}: {q.setAside ? m.quarantine.setAside(q.setAside.attempts) : rejectionText(q)}
                  </td>
                </tr>
              ))}
              {Object.entries(confirmed)
                .filter(([, n]) => n > 0)
                .map(([kind, n]) => (
                  <tr key={kind}>
                    <td>{t.kind(kind, 'create')}</td>
                    <td>—</td>
                    <td>{t.confirmed(n)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
