import { useEffect, useRef, useState } from 'preact/hooks';
import { draftProblems, flushDrafts, recordPortalStep, saveWorkingCopy } from '../../modules/portal/drafts';
import { uuidv7 } from '#shared/ids';
import {
  MAX_DRAFT_IMAGES,
  PORTAL_ACTIONS,
  PORTAL_CATEGORIES,
  PORTAL_CATEGORY_KEYS,
  PORTAL_STATUSES,
  type DraftImage,
  type PortalCategory,
} from '#shared/portal/portal-schema';
import { isLive } from '#shared/portal/publication';
import { allowedPortalActions, editRefusal, editReopensReview } from '#shared/portal/workflow';
import { ConflictList } from '../conflicts/conflicts-page';
import { onAction, reportActionError } from '../common/action';
import { FormNotice, useNotice } from '../common/notice';
import { errorMessage, formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { keepPickedFiles } from '../common/file-picker';
import { useFileUrls } from '../common/use-file-urls';
import { MarkdownPreview } from './markdown-preview';
import { RevisionHistory } from './revision-history';
import { InputField } from '../common/input-field';

const t = m.portal;
const TEXT_FIELDS = ['title', 'summary', 'body', 'tags', 'category', 'eventDate'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type EditorState = Record<TextField, string>;

export function DraftEditor({ id }: { id: string }) {
  const { db, device, session } = useServices();
  const row = useLiveQuery(() => db.portal_draft.get(id), [db, id], undefined);
  const steps = useLiveQuery(() => db.portal_step.where('draftId').equals(id).toArray(), [db, id], []);
  // Why the server refused a step of this item (an approval of a text that changed meanwhile…).
  const refused = useLiveQuery(
    async () => new Map((await db.quarantine.filter((q) => q.kind === 'portal_step').toArray()).map((q) => [q.recordId, q.error])),
    [db],
    new Map(),
  );
  const [s, setS] = useState<EditorState | null>(null);
  const [note, setNote] = useState('');
  const { notice, done, fail, clear } = useNotice();
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const urls = useFileUrls(row?.images.flatMap((i) => (i.hash ? [{ hash: i.hash }] : [])) ?? []);

  // Fields not being typed in follow the stored copy (it changes when another device's edits arrive).
  useEffect(() => {
    if (!row) return;
    const fromRow: EditorState = {
      title: row.title,
      summary: row.summary,
      body: row.body,
      tags: row.tags.join(', '),
      category: row.category,
      eventDate: row.eventDate ?? '',
    };
    setS((prev) => {
      if (!prev) return fromRow;
      const focused = document.activeElement?.id;
      const next = { ...prev };
      for (const f of TEXT_FIELDS) if (focused !== `d-${f}` && !row._dirty?.includes(f)) next[f] = fromRow[f];
      return next;
    });
  }, [row]);
  useEffect(() => () => void flushDrafts(db).catch((err: unknown) => reportActionError(err)), [db, id]);

  if (!row || !s) return <p class="card">{m.training.notFound}</p>;
  const refusal = editRefusal(row, session.user);
  const editable = refusal === null;

  function valueOf(f: TextField, v: string): unknown {
    if (f === 'tags') return v.split(',').map((x) => x.trim()).filter(Boolean);
    if (f === 'eventDate') return v || null;
    return v;
  }
  const change = (f: TextField) => (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    setS({ ...(s as EditorState), [f]: v });
    const patch = { [f]: valueOf(f, v) };
    const problems = draftProblems(patch);
    if (problems.length) fail(problems.map((p) => p.message).join(' '));
    else clear();
    // What was typed is kept on the device at once; failing that (no space) is said, not hidden.
    void saveWorkingCopy(db, id, patch).catch((err: unknown) => reportActionError(err, fail));
    if (flushTimer.current) clearTimeout(flushTimer.current);
    flushTimer.current = setTimeout(onAction(async () => {
      await flushDrafts(db);
    }, fail), 1500);
  };

  async function addImages(files: FileList | null) {
    if (!files || !row) return;
    if (row.images.length + files.length > MAX_DRAFT_IMAGES) {
      fail(t.tooManyImages(MAX_DRAFT_IMAGES));
      return;
    }
    // Photos travel on the attachments channel; the draft keeps only their hash.
    const refs = await keepPickedFiles(db, files);
    const images: DraftImage[] = [...row.images, ...refs.map((r) => ({ id: uuidv7(), name: r.name, alt: '', hash: r.hash }))];
    await saveWorkingCopy(db, id, { images });
  }

  async function step(action: keyof typeof PORTAL_ACTIONS) {
    await recordPortalStep(db, device, id, action, note);
    setNote('');
    done(t.stepSaved);
  }

  const pendingSteps = steps.filter((x) => x._sync === 'pending');
  const actions = pendingSteps.length ? [] : allowedPortalActions({ ...row, title: s.title, body: s.body }, session.user.role);
  return (
    <>
      <section class="card" aria-labelledby="editor-title">
        <h2 id="editor-title">{s.title || t.untitled}</h2>
        <p>
          <span class="badge state" data-testid="draft-status">{PORTAL_STATUSES[row.status]}</span>{' '}
          <span class={`badge sync-${row._sync}`} data-testid="draft-sync">{m.syncState[row._sync]}</span>{' '}
          <span class="muted" role="status" data-testid="autosave">
            {t.savedOnDevice}
          </span>
        </p>
        {refusal && (
          <p class="muted" data-testid="read-only">
            {t.readOnlyBecause[refusal]}
          </p>
        )}
        {editable && editReopensReview(row.status) && (
          <p class="muted" data-testid="reopens-review">
            {t.editReopensReview}
          </p>
        )}
        {row.approval && row.status === 'aprobado' && (
          <p class="muted" data-testid="approval">
            {t.approvedRevision(row.approval.rev, formatDateTime(row.approval.at))}
          </p>
        )}
        {row.publication && row.status !== 'publicado' && isLive(row) && (
          <p class="muted" data-testid="live-version">
            {t.liveVersion(row.publishedAt ? formatDateTime(row.publishedAt) : '')}
          </p>
        )}
        <div class="grid">
          <InputField id="d-title" label={t.titleField} value={s.title} onInput={change('title')} readOnly={!editable} maxLength={200} />
          <div class="field">
            <label for="d-category">{t.category}</label>
            <select id="d-category" value={s.category} onChange={change('category')} disabled={!editable}>
              {PORTAL_CATEGORY_KEYS.map((k) => (
                <option key={k} value={k}>
                  {PORTAL_CATEGORIES[k as PortalCategory].label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="field">
          <label for="d-summary">{t.summary}</label>
          <textarea id="d-summary" rows={2} value={s.summary} onInput={change('summary')} readOnly={!editable} maxLength={500} />
        </div>
        <div class="grid">
          <InputField id="d-tags" label={t.tags} value={s.tags} onInput={change('tags')} readOnly={!editable} />
          <InputField id="d-eventDate" label={t.eventDate} type="date" value={s.eventDate} onInput={change('eventDate')} readOnly={!editable} />
        </div>
        <div class="editor-split">
          <div class="field">
            <label for="d-body">{t.body}</label>
            <textarea id="d-body" rows={14} value={s.body} onInput={change('body')} readOnly={!editable} aria-describedby="md-help" />
            <p id="md-help" class="muted">
              {t.markdownHelp}
            </p>
          </div>
          <div>
            <h3 id="preview-title">{t.preview}</h3>
            <MarkdownPreview
              body={s.body}
              labelledBy="preview-title"
              imageResolver={(ref) => {
                const img = row.images.find((i) => `image:${i.id}` === ref);
                return img ? (img.hash ? (urls[img.hash] ?? null) : (img.dataUrl ?? null)) : null;
              }}
            />
          </div>
        </div>
        {editable && (
          <InputField id="d-images" label={t.images} type="file" accept="image/*" multiple onChange={onAction((e) => addImages(e.currentTarget.files), fail)} />
        )}
        {row.images.length > 0 && (
          <ul class="chips">
            {row.images.map((i) => (
              <li key={i.id}>
                {i.name} — <code>![{i.name}](image:{i.id})</code>
              </li>
            ))}
          </ul>
        )}
        <FormNotice notice={notice} />
      </section>
      <ConflictList recordId={id} />
      <section class="card" aria-labelledby="workflow-title">
        <h3 id="workflow-title">{t.workflow}</h3>
        <ol class="history" data-testid="steps">
          {steps.map((x) => (
            <li key={x.id}>
              {PORTAL_ACTIONS[x.action]} · {formatDateTime(x.at)} {x.note && `· ${x.note}`} <span class={`badge sync-${x._sync}`}>{m.syncState[x._sync]}</span>
              {refused.get(x.id) && (
                <p class="error" data-testid="step-refused">
                  {errorMessage(refused.get(x.id)?.code ?? 'INTERNAL', refused.get(x.id)?.message)}
                </p>
              )}
            </li>
          ))}
        </ol>
        {actions.length > 0 && (
          <>
            <InputField id="step-note" label={m.steps.note} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            <div class="actions">
              {actions.map((a) => (
                <button key={a} type="button" class={a === 'publicar' || a === 'aprobar' ? 'primary' : ''} onClick={onAction(() => step(a), fail)}>
                  {PORTAL_ACTIONS[a]}
                </button>
              ))}
            </div>
          </>
        )}
        {pendingSteps.length > 0 && <p class="muted">{t.stepPending}</p>}
      </section>
      <RevisionHistory draftId={id} />
    </>
  );
}
