import type { LocalRecord } from '../../db/database';
import { todayInBogota } from '#shared/calendar';
import type { PersonQuery } from '#shared/habeas/api';
import { dsrDeadlines, dsrState, reclamoLateFlags, type DataSubjectRequest } from '#shared/habeas/data-subject-request';
import { allowedDsrSteps } from '#shared/habeas/dsr-steps';
import { dsrUrgency } from '#shared/habeas/term';
import type { PqrsdSettings } from '#shared/pqrsd/lifecycle-schema';
import { messages as m } from '../i18n/es-CO';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { DsrForm } from './dsr-form';
import { DsrStepPanel } from './dsr-steps';

const t = m.habeas;

/** A reclamo's art. 15 steps as recorded: legend, requirement, transfer (late ones marked). */
function ReclamoFacts({ r, settings, withdrawnOn, legendBy }: { r: DataSubjectRequest; settings: PqrsdSettings; withdrawnOn: string | null; legendBy: string | null }) {
  const late = reclamoLateFlags(r, settings);
  const inc = r.incomplete;
  return (
    <ul class="plain" data-testid="reclamo-facts">
      <li data-testid="reclamo-legend">
        {r.legendOn === null
          ? r.answer
            ? null
            : legendBy && t.legendPending(legendBy)
          : r.answer
            ? t.legendRemoved
            : t.legendOn(r.legendOn) + (late.legendLate ? t.lateMark : '')}
      </li>
      {inc && (
        <li data-testid="reclamo-requirement">
          {t.required(inc.requiredOn, inc.what)} · {inc.completedOn ? t.completedOn(inc.completedOn) : withdrawnOn && t.withdrawnOn(withdrawnOn)}
        </li>
      )}
      {r.transfer && (
        <li data-testid="reclamo-transfer">
          {t.transferred(r.transfer.to, r.transfer.on, r.transfer.notifiedOn)}
          {late.transferLate ? t.lateMark : ''}
        </li>
      )}
    </ul>
  );
}

function DsrItem({ r, today, settings, onSearch }: { r: LocalRecord<DataSubjectRequest>; today: string; settings: PqrsdSettings; onSearch(q: PersonQuery): void }) {
  const state = dsrState(r, settings, today);
  // The same pure function the server stores its `deadlines` with, on this device's settings.
  const deadlines = dsrDeadlines(r, settings);
  const dueDate = deadlines.dueDate;
  const closed = state === 'respondida' || state === 'trasladada' || state === 'desistida';
  const urgency = dueDate === null ? '' : dsrUrgency(dueDate, closed, today, settings);
  return (
    <li class="card" data-testid="dsr-item">
      <p>
        <strong>
          {r.type === 'consulta' ? 'Consulta' : 'Reclamo'} · {t.rights[r.right]}
        </strong>{' '}
        · {r.redacted ? t.suppressed : `${r.person.name} (${r.person.idType} ${r.person.idNumber})`} · {t.receivedOn} {r.receivedOn} · {t.states[state]}{' '}
        <span class={`badge sync-${r._sync}`}>{m.syncState[r._sync]}</span>
      </p>
      <p class={`due ${urgency}`} data-testid="dsr-due">
        {r.answer ? t.answeredOn(r.answer.answeredOn) : dueDate === null ? t.waitingCompletion : urgency === 'overdue' ? t.overdueSince(dueDate) : t.dueOn(dueDate)}
      </p>
      <p class="muted">{r.description}</p>
      <button type="button" onClick={() => onSearch({ idType: r.person.idType, idNumber: r.person.idNumber })}>
        {t.searchPerson}
      </button>
      {r.type === 'reclamo' && <ReclamoFacts r={r} settings={settings} withdrawnOn={deadlines.withdrawnOn} legendBy={deadlines.legendBy} />}
      <DsrStepPanel r={r} allowed={allowedDsrSteps(r, settings, today)} deadlines={deadlines} />
    </li>
  );
}

/** The list of consultas and reclamos (overdue and due-soon stand out), and the form to file one. */
export function DsrSection({ onSearch }: { onSearch(q: PersonQuery): void }) {
  const { db } = useServices();
  const { settings } = useMunicipalityProfile();
  const today = todayInBogota();
  const list = useLiveQuery(() => db.data_subject_request.orderBy('receivedOn').reverse().toArray(), [db], []);
  return (
    <section class="card" aria-labelledby="dsr-title">
      <h3 id="dsr-title">{t.dsrTitle}</h3>
      {list.length === 0 ? (
        <p class="muted">{t.dsrNone}</p>
      ) : (
        <ul class="plain" data-testid="dsr-list">
          {list.map((r) => (
            <DsrItem key={r.id} r={r} today={today} settings={settings.pqrsd} onSearch={onSearch} />
          ))}
        </ul>
      )}
      <DsrForm />
    </section>
  );
}
