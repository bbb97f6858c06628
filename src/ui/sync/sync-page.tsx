import { APP_VERSION } from '../../app-version';
import { revokedResponseSchema } from '#shared/auth';
import { isRecordKind } from '#shared/records';
import { formatBytes, formatDateTime, messages as m, rejectionText } from '../i18n/es-CO';
import type { ComponentChildren } from 'preact';
import { onAction } from '../common/action';
import { DataTable } from '../common/data-table';
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
      if (!isRecordKind(table.name)) continue; // the device's bookkeeping (outbox, meta, tallies…)
      counts[table.name] = await table.filter((r: { _sync?: string }) => r._sync === 'synced').count();
    }
    return counts;
  }, [db], {} as Record<string, number>);

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

  // In the queue, refused with the reason, confirmed (counted per kind): one line each.
  const journey: { key: string; what: string; when: string; state: ComponentChildren; testId?: string }[] = [
    ...outbox.map((e, i) => ({
      key: e.mutationId,
      what: t.kind(e.kind, e.mutation.op),
      when: formatDateTime(e.createdAt),
      state: status.sending && i < status.sending.total - status.sending.done ? t.sending : t.inQueue,
      testId: 'journey-row',
    })),
    ...refused.map((q) => ({
      key: q.mutationId,
      what: t.kind(q.kind, q.mutation.op),
      when: formatDateTime(q.at),
      state: (
        <span class="error-text">
          {t.rejected}: {q.setAside ? m.quarantine.setAside(q.setAside.attempts) : rejectionText(q)}
        </span>
      ),
    })),
    ...Object.entries(confirmed)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => ({ key: kind, what: t.kind(kind, 'create'), when: '—', state: t.confirmed(n) })),
  ];

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
          <button type="button" class="primary" onClick={onAction(() => engine.syncNow())}>
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
          onClick={onAction(
            async () => alert(m.devices.signedOutEverywhere((await api.post('/api/auth/logout-all', {}, revokedResponseSchema, { offline: m.devices.signOutEverywhereOffline })).revoked)),
            (text) => alert(text),
          )}
        >
          {m.devices.signOutEverywhere}
        </button>
      </section>
      <section class="card" aria-labelledby="journey-title">
        <h3 id="journey-title">{t.journey}</h3>
        <DataTable
          rows={journey}
          rowKey={(r) => r.key}
          rowProps={(r) => ({ 'data-testid': r.testId })}
          columns={[
            { label: t.what, cell: (r) => r.what },
            { label: t.when, cell: (r) => r.when },
            { label: t.state, cell: (r) => r.state },
          ]}
        />
      </section>
    </>
  );
}
