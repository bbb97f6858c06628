import { diffToHtml, diffWords } from '#shared/portal/text-diff';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

const t = m.portal;
const show = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : JSON.stringify(v));

/** The draft's history (its latest entries), newest first, as a readable word diff. */
export function RevisionHistory({ draftId }: { draftId: string }) {
  const { db } = useServices();
  const revisions = useLiveQuery(() => db.portal_revision.where('draftId').equals(draftId).toArray(), [db, draftId], []);
  if (revisions.length === 0) return null;
  return (
    <section class="card" aria-labelledby="rev-title">
      <h3 id="rev-title">{t.history}</h3>
      <ol class="revisions" data-testid="revisions">
        {[...revisions]
          .sort((a, b) => b.rev - a.rev)
          .map((r) => (
            <li key={r.id}>
              <p class="muted">{t.revisionBy(r.rev, formatDateTime(r.at))}</p>
              {r.changes.map((c) => (
                <div key={c.field}>
                  <strong>{t.fieldNames[c.field as keyof typeof t.fieldNames] ?? c.field}</strong>
                  <p
                    class="diff"
                    // diffToHtml escapes the text and only adds <ins>/<del>; a long text shows only
                    // its changed part, the rest (the same before and after) as an ellipsis.
                    dangerouslySetInnerHTML={{ __html: `${c.head ? '… ' : ''}${diffToHtml(diffWords(show(c.before), show(c.after)))}${c.tail ? ' …' : ''}` }}
                  />
                </div>
              ))}
            </li>
          ))}
      </ol>
    </section>
  );
}
