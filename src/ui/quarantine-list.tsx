import { discardRejected } from '../sync/quarantine';
import { onAction } from './common/action';
import { formatDateTime, messages as m, rejectionText } from './i18n/es-CO';
import { useServices } from './services';
import { useLiveQuery } from './use-live-query';

/** Changes the server refused, with its reason: shown, never silently dropped. */
export function QuarantineList() {
  const { db, engine } = useServices();
  const entries = useLiveQuery(() => db.quarantine.orderBy('at').toArray(), [db], []);
  if (entries.length === 0) return null;
  return (
    <section id="rechazados" class="card" aria-labelledby="quarantine-title">
      <h2 id="quarantine-title">{m.quarantine.title}</h2>
      <p>{m.quarantine.intro}</p>
      <ul class="records">
        {entries.map((q) => (
          <li key={q.mutationId} data-testid="rejected-change">
            <strong>{String(q.mutation.data.subject ?? q.kind)}</strong>
            <span class="muted"> · {formatDateTime(q.at)}</span>
            <p>
              {m.quarantine.reason}:{' '}
              {q.setAside ? m.quarantine.setAside(q.setAside.attempts) : rejectionText(q)}
              {Array.isArray(q.error.details) &&
                ` (${(q.error.details as { path?: string; message?: string }[]).map((d) => `${d.path}: ${d.message}`).join('; ')})`}
            </p>
            <button
              type="button"
              onClick={onAction(async () => {
                if (confirm(m.quarantine.confirmDiscard)) {
                  await discardRejected(db, engine.events, q.mutationId);
                }
              })}
            >
              {m.quarantine.discard}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
