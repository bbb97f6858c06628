import { useState } from 'preact/hooks';
import { resolveConflict } from '../../modules/conflicts/resolve-conflict';
import type { LocalConflict } from '../../db/database';
import { onAction } from '../common/action';
import { ErrorText } from '../common/notice';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { isRecordKind } from '#shared/records';
import { fieldLabel } from '../i18n/field-labels';
import { recordTitle, theRecord } from '../i18n/kind-names';

const t = m.conflicts;
const show = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '—' : JSON.stringify(v, null, 1));

function ConflictCard({ c }: { c: LocalConflict }) {
  const { db } = useServices();
  const [custom, setCustom] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pending = useLiveQuery(() => db.outbox.where('[kind+recordId]').equals(['conflict', c.id]).count(), [db, c.id], 0);
  // The record in conflict, to name it as people know it (its title, name or radicado).
  const record = useLiveQuery(
    async () => (isRecordKind(c.kind) ? ((await db.table(c.kind).get(c.recordId)) as Record<string, unknown> | undefined) : undefined),
    [db, c.kind, c.recordId],
    undefined,
  );
  const decide = onAction(async (choice: 'server' | 'client' | 'custom') => {
    await resolveConflict(db, c, choice, choice === 'custom' ? custom : undefined);
  }, setError);
  const textual = typeof c.serverValue === 'string' && typeof c.clientValue === 'string';
  return (
    <li data-testid="conflict">
      <p>
        <strong>{t.field(theRecord(c.kind), recordTitle(record), fieldLabel(c.field, c.kind) ?? t.otherField)}</strong> · <span class="muted">{formatDateTime(c.at)}</span>
      </p>
      <div class="side-by-side">
        <div>
          <h4>{t.serverValue(c.serverRev)}</h4>
          <pre class="value">{show(c.serverValue)}</pre>
        </div>
        <div>
          <h4>{t.clientValue(c.clientUserName ?? c.clientUser, formatDateTime(c.at))}</h4>
          <pre class="value">{show(c.clientValue)}</pre>
        </div>
      </div>
      {c.resolved || pending > 0 ? (
        <p class="success">{t.resolved}</p>
      ) : (
        <>
          <div class="actions">
            <button type="button" onClick={() => decide('server')}>
              {t.keepServer}
            </button>
            <button type="button" onClick={() => decide('client')}>
              {t.keepClient}
            </button>
            {textual && (
              <button type="button" onClick={() => setCustom(`${String(c.serverValue)}\n${String(c.clientValue)}`)}>
                {t.combine}
              </button>
            )}
          </div>
          {custom !== null && (
            <div class="field">
              <label for={`custom-${c.id}`}>{t.customValue}</label>
              <textarea id={`custom-${c.id}`} rows={5} value={custom} onInput={(e) => setCustom(e.currentTarget.value)} />
              <button type="button" class="primary" onClick={() => decide('custom')}>
                {t.saveCustom}
              </button>
            </div>
          )}
        </>
      )}
      <ErrorText text={error} />
    </li>
  );
}

/** Unresolved conflicts, of one record or of everything on the device. */
export function ConflictList({ recordId }: { recordId?: string }) {
  const { db } = useServices();
  const conflicts = useLiveQuery(
    () => (recordId ? db.conflict.where('recordId').equals(recordId).toArray() : db.conflict.toArray()),
    [db, recordId],
    [],
  );
  const open = conflicts.filter((c) => !c.resolved);
  if (recordId && open.length === 0) return null;
  return (
    <section class="card" aria-labelledby={`conflicts-${recordId ?? 'all'}`}>
      <h2 id={`conflicts-${recordId ?? 'all'}`}>{t.title}</h2>
      <p class="muted">{t.intro}</p>
      {open.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul class="records">
          {open.map((c) => (
            <ConflictCard key={c.id} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
