import { useState } from 'preact/hooks';
import { updateLocal } from '../../modules/local-records';
import { newDraft } from '../../modules/portal/drafts';
import { todayInBogota } from '#shared/calendar';
import { categoryCompliance } from '#shared/portal/compliance';
import { isLive, publicView } from '#shared/portal/publication';
import { PORTAL_CATEGORIES, PORTAL_CATEGORY_KEYS, PORTAL_STATUSES, type PortalCategory } from '#shared/portal/portal-schema';
import { onAction } from '../common/action';
import { DataTable } from '../common/data-table';
import { ErrorText } from '../common/notice';
import { messages as m } from '../i18n/es-CO';
import { href, navigate } from '../router';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

const t = m.portal;

function Compliance() {
  const { db, session } = useServices();
  const settings = useLiveQuery(() => db.portal_category.toArray(), [db], []);
  const published = useLiveQuery(async () => (await db.portal_draft.toArray()).flatMap((d) => publicView(d) ?? []), [db], []);
  const rows = categoryCompliance(settings, published, todayInBogota());
  const canEdit = session.user.role === 'committee' || session.user.role === 'admin';
  const [msg, setMsg] = useState<string | null>(null);
  return (
    <section class="card" aria-labelledby="compliance-title">
      <h2 id="compliance-title">{t.compliance}</h2>
      <p class="muted">{t.overdueCount(rows.filter((r) => r.overdue).length)}</p>
      <ErrorText text={msg} />
      <DataTable
        testId="compliance"
        rows={rows}
        rowKey={(r) => r.category}
        rowProps={(r) => ({ class: r.overdue ? 'overdue' : '' })}
        columns={[
          { label: t.category, cell: (r) => r.label },
          {
            label: t.frequency,
            cell: (r) => {
              const setting = settings.find((s) => s.category === r.category);
              if (!canEdit || !setting) return `${r.frequencyDays} ${t.days}`;
              return (
                <>
                  <label class="visually-hidden" for={`freq-${r.category}`}>
                    {t.frequencyOf(r.label)}
                  </label>
                  <input
                    id={`freq-${r.category}`}
                    class="narrow"
                    type="number"
                    min="1"
                    value={r.frequencyDays}
                    onChange={onAction((e) => updateLocal(db, 'portal_category', setting.id, { frequencyDays: Number(e.currentTarget.value) }), setMsg)}
                  />{' '}
                  {t.days}
                </>
              );
            },
          },
          { label: t.lastPublished, cell: (r) => r.lastPublished ?? t.never },
          { label: t.state, cell: (r) => (r.overdue ? <strong class="error-text">{t.behind}</strong> : t.upToDate) },
        ]}
      />
    </section>
  );
}

/** Portal content: what each one is writing, what waits for review, and which sections are behind. */
export function PortalHome() {
  const { db, device, session } = useServices();
  const drafts = useLiveQuery(() => db.portal_draft.orderBy('id').reverse().toArray(), [db], []);
  const [category, setCategory] = useState<PortalCategory>('noticias');
  const [error, setError] = useState<string | null>(null);
  const canWrite = session.user.role !== 'internal_control' && session.user.role !== 'trainer';
  return (
    <>
      <section class="card" aria-labelledby="drafts-title">
        <h2 id="drafts-title">{t.title}</h2>
        {canWrite && (
          <div class="inline">
            <label for="new-cat" class="visually-hidden">
              {t.category}
            </label>
            <select id="new-cat" value={category} onChange={(e) => setCategory(e.currentTarget.value as PortalCategory)}>
              {PORTAL_CATEGORY_KEYS.map((k) => (
                <option key={k} value={k}>
                  {PORTAL_CATEGORIES[k].label}
                </option>
              ))}
            </select>
            <button
              type="button"
              class="primary"
              onClick={onAction(async () => {
                const d = await newDraft(db, device, category);
                navigate({ page: 'draft', id: d.id });
              }, setError)}
            >
              {t.newDraft}
            </button>
          </div>
        )}
        <ErrorText text={error} />
        {drafts.length === 0 ? (
          <p class="muted">{t.noDrafts}</p>
        ) : (
          <ul class="records" data-testid="draft-list">
            {drafts.map((d) => (
              <li key={d.id}>
                <div class="record-head">
                  <a href={href({ page: 'draft', id: d.id })}>
                    <strong>{d.title || t.untitled}</strong>
                  </a>
                  <span class="badge state">{PORTAL_STATUSES[d.status]}</span>
                </div>
                <div class="muted">
                  {PORTAL_CATEGORIES[d.category].label} · <span class={`badge sync-${d._sync}`}>{m.syncState[d._sync]}</span>
                  {d.slug && isLive(d) && (
                    <>
                      {' · '}
                      <a href={`/portal/contenido/${d.slug}`}>{t.viewPublic}</a>
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Compliance />
    </>
  );
}
