import { useState } from 'preact/hooks';
import { deadlineCounts, dependencias, dueSoonLimit, listRequests, type ListFilter, type ListScope } from '../../modules/pqrsd/queries';
import { todayInBogota } from '#shared/calendar';
import { OPEN_STATES, PQRSD_STATES, type PqrsdSettings, type PqrsdState } from '#shared/pqrsd/lifecycle-schema';
import { filingGaps, PQRSD_TYPES } from '#shared/records';
import type { LocalPqrsd } from '../../db/database';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { href } from '../router';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { SelectField } from '../common/select-field';
import { InputField } from '../common/input-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

const SCOPES: Record<ListScope, string> = {
  all: 'Todas',
  mine: 'Mías',
  overdue: 'Vencidas',
  due_soon: 'Vencen en 3 días hábiles',
};

export function dueClass(r: LocalPqrsd, today: string, settings: PqrsdSettings): 'overdue' | 'due-soon' | '' {
  const due = r.lifecycle.dueDate;
  if (!due || !OPEN_STATES.includes(r.lifecycle.state)) return '';
  if (due < today) return 'overdue';
  return due <= dueSoonLimit(today, settings) ? 'due-soon' : '';
}

export function FilingNumber({ r }: { r: Pick<LocalPqrsd, 'radicado' | 'provisionalNumber'> }) {
  return (
    <strong data-testid="filing-number" class="number">
      {r.radicado ? `${m.pqrsd.radicado} ${r.radicado}` : `${r.provisionalNumber} (${m.pqrsd.provisional})`}
    </strong>
  );
}

/** Requests on this device: search and filters run on indexes, offline. */
export function PqrsdList() {
  const { db, session } = useServices();
  const today = todayInBogota();
  const [f, setF] = useState<ListFilter>({ scope: 'all', state: '', dependencia: '', query: '' });
  const { id: userId, username } = session.user;
  const rows = useLiveQuery(() => listRequests(db, f, { userId, username }, today), [db, f, userId, username, today], []);
  const counts = useLiveQuery(() => deadlineCounts(db, today), [db, today], { overdue: 0, dueSoon: 0 });
  const deps = useLiveQuery(() => dependencias(db), [db], [] as string[]);
  const { settings } = useMunicipalityProfile();

  return (
    <section class="card" aria-labelledby="pqrsd-list-title">
      <h2 id="pqrsd-list-title">{m.pqrsd.listTitle}</h2>
      <p class="deadline-summary" data-testid="deadline-summary">
        <button type="button" class={`pill overdue`} onClick={() => setF({ ...f, scope: 'overdue' })}>
          {m.pqrsd.overdueCount(counts.overdue)}
        </button>
        <button type="button" class="pill due-soon" onClick={() => setF({ ...f, scope: 'due_soon' })}>
          {m.pqrsd.dueSoonCount(counts.dueSoon)}
        </button>
      </p>
      <div class="grid filters">
        <InputField id="q" label={m.pqrsd.search} type="search" value={f.query} placeholder={m.pqrsd.searchHint} onInput={(e) => setF({ ...f, query: e.currentTarget.value })} />
        <SelectField id="scope" label={m.pqrsd.show} value={f.scope} options={SCOPES} onChange={(scope) => setF({ ...f, scope })} />
        <SelectField<PqrsdState | ''>
          id="state"
          label={m.pqrsd.state}
          value={f.state}
          empty={m.pqrsd.anyState}
          options={PQRSD_STATES}
          onChange={(state) => setF({ ...f, state })}
        />
        <SelectField
          id="dep"
          label={m.pqrsd.dependencia}
          value={f.dependencia}
          empty={m.pqrsd.anyDependencia}
          options={deps.map((d) => [d, d] as const)}
          onChange={(dependencia) => setF({ ...f, dependencia })}
        />
      </div>
      {rows.length === 0 ? (
        <p class="muted">{m.pqrsd.empty}</p>
      ) : (
        <ul class="records" data-testid="pqrsd-list">
          {rows.map((r) => {
            const due = dueClass(r, today, settings.pqrsd);
            return (
              <li key={r.id} data-testid="pqrsd-item" data-sync={r._sync} class={due}>
                <div class="record-head">
                  <a href={href({ page: 'detail', id: r.id })}>
                    <FilingNumber r={r} />
                  </a>
                  <span class={`badge sync-${r._sync}`}>{m.syncState[r._sync]}</span>
                </div>
                <div>{r.subject}</div>
                <div class="muted">
                  {PQRSD_TYPES[r.type].label} · {PQRSD_STATES[r.lifecycle.state]} · {r.redacted ? m.habeas.suppressed : r.citizen.idType === 'SD' ? m.pqrsd.anonymous : r.citizen.name}
                  {!r.redacted && filingGaps(r.citizen).length > 0 && <strong class="error-text"> · {m.pqrsd.toRequire}</strong>}
                </div>
                <div class="muted">
                  {m.pqrsd.received} {formatDateTime(r.receivedAt)}
                  {r.lifecycle.dueDate && (
                    <span class={due ? `due ${due}` : 'due'}>
                      {' · '}
                      {due === 'overdue' ? m.pqrsd.overdueSince(r.lifecycle.dueDate) : m.pqrsd.dueOn(r.lifecycle.dueDate)}
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
