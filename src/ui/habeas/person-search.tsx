import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorText } from '../../api/client';
import type { Dossier, DossierItem, Mention, PersonQuery } from '#shared/habeas/api';
import { dsrState, type DataSubjectRequest } from '#shared/habeas/data-subject-request';
import { OPEN_STATES, PQRSD_STATES, type Lifecycle } from '#shared/pqrsd/lifecycle-schema';
import type { Pqrsd } from '#shared/records';
import { onAction, reportActionError } from '../common/action';
import { download } from '../common/download';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { SelectField } from '../common/select-field';
import { useServices } from '../services';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { todayInBogota } from '#shared/calendar';
import { habeasApi } from './habeas-api';
import { AnonymiseForm, RectifyForm } from './person-actions';
import { MentionsSection } from './mentions-section';
import { idTypeOptions, PERSON_ID_TYPES } from '../common/id-type-options';
import { ErrorText } from '../common/notice';
import { InputField } from '../common/input-field';
import { useIdSet } from '../common/use-id-set';

const t = m.habeas;

/** A record of the dossier as one line, with its include-in-suppression box when it may be. */
function ItemLine({ item, label, detail, selectable, selected, onToggle }: {
  item: DossierItem;
  label: string;
  detail: string;
  selectable: boolean;
  selected: boolean;
  onToggle(id: string): void;
}) {
  const redacted = Boolean(item.data.redacted);
  return (
    <li data-testid={`habeas-${item.kind}`}>
      <strong>{label}</strong> · {detail}
      {redacted && <span class="badge sync-rejected"> {t.suppressed}</span>}
      {selectable && !redacted && (
        <label class="check">
          <input type="checkbox" checked={selected} onChange={() => onToggle(item.id)} /> {t.include}
        </label>
      )}
    </li>
  );
}

function Results({ d, selected, toggle }: { d: Dossier; selected: ReadonlySet<string>; toggle(id: string): void }) {
  const sel = (i: DossierItem) => ({ selected: selected.has(i.id), onToggle: toggle });
  const { settings } = useMunicipalityProfile();
  const today = todayInBogota();
  const group = (title: string, items: preact.ComponentChildren[]) => (
    <>
      <h4>{title}</h4>
      {items.length ? <ul class="plain">{items}</ul> : <p class="muted">{t.none}</p>}
    </>
  );
  return (
    <>
      {group(
        t.requests,
        d.requests.map(({ request: r, events }) => {
          const p = r.data as unknown as Pqrsd;
          const open = OPEN_STATES.includes((p.lifecycle as Lifecycle).state);
          const who = p.redacted ? t.suppressed : p.citizen.name;
          return (
            <ItemLine key={r.id} item={r} label={p.radicado ?? p.provisionalNumber} selectable={!open} {...sel(r)}
              detail={`${who} · ${p.subject} · ${PQRSD_STATES[p.lifecycle.state]} (${open ? t.open : t.closed}) · ${t.events(events.length)}`} />
          );
        }),
      )}
      {group(
        t.officials,
        d.officials.map(({ official: o, attendance, evaluations }) => (
          <ItemLine key={o.id} item={o} label={String(o.data.fullName)} selectable={!o.data.active} {...sel(o)}
            detail={`${String(o.data.dependencia || '—')} · ${o.data.active ? t.active : t.inactive} · ${t.attendance(attendance.length)} · ${t.evaluations(evaluations.length)}`} />
        )),
      )}
      {group(
        t.dsrs,
        d.dataSubjectRequests.map((x) => {
          const r = x.data as unknown as DataSubjectRequest;
          return (
            <ItemLine key={x.id} item={x} label={`${r.type === 'consulta' ? 'Consulta' : 'Reclamo'} ${r.receivedOn}`} selectable={r.answer !== null} {...sel(x)}
              detail={`${r.person.name} · ${t.rights[r.right]} · ${t.states[dsrState(r, settings.pqrsd, today)]}`} />
          );
        }),
      )}
      {group(
        t.sealed,
        d.sealed.map((s) => (
          <li key={s.id} data-testid="habeas-sealed">
            {t.sealedOf(String(s.data.kind), formatDateTime(String(s.data.sealedAt)))} · {String(s.data.name)}
          </li>
        )),
      )}
    </>
  );
}

/** Search by document (online), the results grouped by kind, export, rectify and suppress. */
export function PersonSearch({ preset }: { preset: PersonQuery | null }) {
  const services = useServices();
  const api = useMemo(() => habeasApi(services.api), [services]);
  const [q, setQ] = useState<PersonQuery>({ idType: 'CC', idNumber: '' });
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [mentions, setMentions] = useState<Mention[]>([]);
  const [asked, setAsked] = useState<PersonQuery | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [selected, select] = useIdSet();
  const resultsTitle = useRef<HTMLHeadingElement>(null);

  const run = useCallback(async (query: PersonQuery, focus = true) => {
    setBusy(true);
    setError(null);
    try {
      const { dossier: d, mentions: found } = await api.search(query);
      setDossier(d);
      setMentions(found);
      setAsked(query);
      select.reset();
      const n = d.requests.length + d.officials.length + d.dataSubjectRequests.length;
      setStatus(n === 0 ? t.nothingFound : t.found(n));
      if (focus) setTimeout(() => resultsTitle.current?.focus(), 0);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, [api, select]);
  useEffect(() => {
    if (!preset) return;
    setQ(preset);
    run(preset).catch((err: unknown) => reportActionError(err));
  }, [preset, run]);

  async function exportAs(format: 'json' | 'csv') {
    if (!asked) return;
    setError(null);
    try {
      const f = await api.exportFile(asked, format);
      download(f.name, f.blob, f.blob.type);
      setStatus(t.exported);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section class="card" aria-labelledby="habeas-search-title">
      <h3 id="habeas-search-title">{t.searchTitle}</h3>
      <form
        class="grid"
        onSubmit={onAction((e) => {
          e.preventDefault();
          return run(q);
        })}
      >
        <SelectField<PersonQuery['idType']>
          id="habeas-id-type"
          label={t.idType}
          value={q.idType}
          options={idTypeOptions(PERSON_ID_TYPES)}
          onChange={(idType) => setQ({ ...q, idType })}
        />
        <InputField id="habeas-id-number" label={t.idNumber} value={q.idNumber} required autoComplete="off" onInput={(e) => setQ({ ...q, idNumber: e.currentTarget.value })} />
        <div class="field">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t.searching : t.search}
          </button>
        </div>
      </form>
      <ErrorText text={error} />
      <p role="status" data-testid="habeas-status">
        {status}
      </p>
      {dossier && asked && (
        <div data-testid="habeas-results">
          <h3 tabIndex={-1} ref={resultsTitle}>
            {t.resultsTitle}
          </h3>
          <div class="actions">
            <button type="button" onClick={onAction(() => exportAs('json'))}>
              {t.exportJson}
            </button>
            <button type="button" onClick={onAction(() => exportAs('csv'))}>
              {t.exportCsv}
            </button>
          </div>
          <Results d={dossier} selected={selected} toggle={select.toggle} />
          <RectifyForm query={asked} dossier={dossier} onDone={onAction((msg: string) => run(asked, false).then(() => setStatus(msg)))} onError={setError} />
          <AnonymiseForm query={asked} dossier={dossier} selected={[...selected]} onDone={onAction((msg: string) => run(asked, false).then(() => setStatus(msg)))} onError={setError} />
          <MentionsSection query={asked} mentions={mentions} onDone={onAction((msg: string) => run(asked, false).then(() => setStatus(msg)))} onError={setError} />
        </div>
      )}
    </section>
  );
}
