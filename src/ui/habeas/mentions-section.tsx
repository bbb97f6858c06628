import { useState } from 'preact/hooks';
import { errorText } from '../../api/client';
import type { Mention, PersonQuery } from '#shared/habeas/api';
import { onAction } from '../common/action';
import { messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { habeasApi } from './habeas-api';
import { useIdSet } from '../common/use-id-set';

const t = m.habeas;
const keyOf = (x: Pick<Mention, 'kind' | 'id' | 'field'>) => `${x.kind}/${x.id}/${x.field}`;

/**
 * The person's name and ID number in free text across the municipality's records, each with
 * its context, and one action that replaces the checked ones with "[suprimido]".
 */
export function MentionsSection({ query, mentions, onDone, onError }: {
  query: PersonQuery;
  mentions: Mention[];
  onDone(message: string): void;
  onError(message: string): void;
}) {
  const api = habeasApi(useServices().api);
  const [skipped, skip] = useIdSet();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = mentions.filter((x) => !skipped.has(keyOf(x)));

  async function submit(e: Event) {
    e.preventDefault();
    if (chosen.length === 0) return onError(t.nothingToRedact);
    setBusy(true);
    try {
      const r = await api.redact({ ...query, reason, fields: chosen.map(({ kind, id, field }) => ({ kind, id, field })) });
      setReason('');
      skip.reset();
      onDone(t.redacted(r.redacted.length));
    } catch (err) {
      onError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="notice-box card" aria-labelledby="mentions-title" onSubmit={onAction(submit)} data-testid="habeas-mentions">
      <h4 id="mentions-title">{t.mentionsTitle}</h4>
      {mentions.length === 0 ? (
        <p class="muted">{t.mentionsNone}</p>
      ) : (
        <>
          <p class="muted">{t.mentionsIntro}</p>
          <ul class="plain">
            {mentions.map((x) => (
              <li key={keyOf(x)} data-testid="habeas-mention">
                <label class="check">
                  <input type="checkbox" checked={!skipped.has(keyOf(x))} onChange={() => skip.toggle(keyOf(x))} /> {t.mentionInclude}:{' '}
                  <strong>
                    {t.kinds[x.kind] ?? x.kind}
                    {x.label ? ` ${x.label}` : ''}
                  </strong>{' '}
                  · {x.fieldLabel}
                </label>
                {x.snippets.map((s, i) => (
                  <blockquote key={i} class="muted">
                    {s}
                  </blockquote>
                ))}
              </li>
            ))}
          </ul>
          <div class="field">
            <label for="redact-reason">{t.reason}</label>
            <input id="redact-reason" value={reason} required minLength={5} maxLength={500} aria-describedby="redact-reason-hint" onInput={(e) => setReason(e.currentTarget.value)} />
            <p class="muted" id="redact-reason-hint">
              {t.reasonHint}
            </p>
          </div>
          <button type="submit" class="primary" disabled={busy}>
            {t.redact(chosen.length)}
          </button>
        </>
      )}
    </form>
  );
}
