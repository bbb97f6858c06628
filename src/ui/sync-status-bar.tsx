import { useEffect, useState } from 'preact/hooks';
import type { SyncStatus } from '../sync/status';
import { errorMessage, formatDateTime, formatTime, messages as m } from './i18n/es-CO';
import { onAction } from './common/action';
import { useServices } from './services';

export function useSyncStatus(): SyncStatus {
  const { engine } = useServices();
  const [status, setStatus] = useState(engine.getStatus());
  useEffect(() => engine.subscribe(setStatus), [engine]);
  return status;
}

/** Always visible: link state, what is pending, what is being sent, the last sync and error. */
export function SyncStatusBar() {
  const { engine } = useServices();
  const s = useSyncStatus();
  return (
    <section class="sync-bar" aria-label={m.status.region}>
      <span class={`badge ${s.online ? 'online' : 'offline'}`} data-testid="link-state">
        <span aria-hidden="true">{s.online ? '●' : '○'}</span> {s.online ? m.status.online : m.status.offline}
      </span>
      <span data-testid="pending-count" role="status">
        {s.sending ? m.status.sending(s.sending.done, s.sending.total) : s.running ? m.status.syncing : m.status.pending(s.pending)}
      </span>
      {s.files.pending + s.files.failed > 0 && (
        <span data-testid="files-status">
          {m.status.files(s.files.pending, Math.round(s.files.sentBytes / 1024), Math.round(s.files.totalBytes / 1024))}
          {s.files.failed > 0 && ` · ${m.status.filesFailed(s.files.failed)}`}
        </span>
      )}
      {s.rejected > 0 && (
        <a href="#rechazados" class="badge rejected">
          {m.status.rejected(s.rejected)}
        </a>
      )}
      <span class="muted" data-testid="last-sync">
        {s.lastSyncAt ? m.status.lastSync(formatDateTime(s.lastSyncAt)) : m.status.neverSynced}
      </span>
      {s.pushPausedUntil || (s.lastError?.code === 'RATE_LIMITED' && s.nextRetryAt) ? (
        <span class="error-text" data-testid="last-error">
          {m.status.serverAskedToWait(formatTime(s.pushPausedUntil ?? s.nextRetryAt ?? ''))}
        </span>
      ) : (
        s.lastError && (
          <span class="error-text" data-testid="last-error">
            {m.status.lastError(errorMessage(s.lastError.code, s.lastError.message))}
            {s.nextRetryAt ? ` · ${m.status.nextRetry(formatDateTime(s.nextRetryAt))}` : ''}
          </span>
        )
      )}
      <button type="button" onClick={onAction(() => engine.syncNow())} disabled={s.running}>
        {m.status.syncNow}
      </button>
      <a href="#/sincronizacion">{m.sync.details}</a>
    </section>
  );
}
