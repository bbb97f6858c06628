import { PQRSD_TYPES } from '../../shared/records';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

/** The requests on this device, newest first, with where each stands with the server. */
export function PqrsdList() {
  const { db } = useServices();
  const rows = useLiveQuery(() => db.pqrsd.orderBy('receivedAt').reverse().limit(200).toArray(), [db], []);
  return (
    <section class="card" aria-labelledby="pqrsd-list-title">
      <h2 id="pqrsd-list-title">{m.pqrsd.listTitle}</h2>
      {rows.length === 0 ? (
        <p class="muted">{m.pqrsd.empty}</p>
      ) : (
        <ul class="records" data-testid="pqrsd-list">
          {rows.map((r) => (
            <li key={r.id} data-testid="pqrsd-item" data-sync={r._sync}>
              <div class="record-head">
                <strong data-testid="filing-number">
                  {r.radicado ? `${m.pqrsd.radicado} ${r.radicado}` : `${r.provisionalNumber} (${m.pqrsd.provisional})`}
                </strong>
                <span class={`badge sync-${r._sync}`}>{m.syncState[r._sync]}</span>
              </div>
              <div>{r.subject}</div>
              <div class="muted">
                {PQRSD_TYPES[r.type].label} · {r.citizen.idType === 'SD' ? m.pqrsd.anonymous : r.citizen.name} · {m.pqrsd.received}{' '}
                {formatDateTime(r.receivedAt)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
