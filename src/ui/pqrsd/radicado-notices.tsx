import { dismissRadicadoNotices, RADICADO_NOTICES_KEY, type RadicadoNotice } from '../../modules/pqrsd/radicado-notices';
import { describeError } from '../common/form-error';
import { messages as m } from '../i18n/es-CO';
import { href } from '../router';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { useState } from 'preact/hooks';

/** Says when requests filed here with a provisional number got their official radicado. */
export function RadicadoNotices() {
  const { db } = useServices();
  const notices = useLiveQuery(async () => ((await db.meta.get(RADICADO_NOTICES_KEY))?.value as RadicadoNotice[] | undefined) ?? [], [db], []);
  const [error, setError] = useState<string | null>(null);
  if (notices.length === 0) return null;
  return (
    <section class="card notice" role="status" aria-labelledby="radicados-title" data-testid="radicado-notices">
      <h2 id="radicados-title">{m.receipt.radicadoArrivedTitle}</h2>
      <ul>
        {notices.map((n) => (
          <li key={n.id}>
            <a href={href({ page: 'detail', id: n.id })}>{m.receipt.radicadoArrived(n.provisionalNumber, n.radicado)}</a>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void dismissRadicadoNotices(db).catch((err: unknown) => setError(describeError(err)))}>
        {m.receipt.dismiss}
      </button>
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
