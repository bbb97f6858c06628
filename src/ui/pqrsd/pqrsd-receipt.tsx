import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { LocalPqrsd } from '../../db/database';
import { PQRSD_TYPES } from '#shared/records';
import { download } from '../common/download';
import { formatDate, formatDateTime, messages as m } from '../i18n/es-CO';
import { EntityHeading } from '../municipality/entity-heading';
import { receiptImage } from './receipt-image';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { href } from '../router';
import { onAction } from '../common/action';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { PrintButton } from '../common/print-button';

function receiptLines(r: LocalPqrsd): [string, string, string][] {
  return [
    ['number', r.radicado ? m.receipt.radicado : m.receipt.provisional, r.radicado ?? r.provisionalNumber],
    // Once numbered, the provisional number the citizen may hold on paper stays visible too.
    ...(r.radicado ? ([['provisional', m.receipt.provisionalEarlier, r.provisionalNumber]] as [string, string, string][]) : []),
    ['received', m.receipt.receivedAt, formatDateTime(r.receivedAt)],
    ['type', m.receipt.type, PQRSD_TYPES[r.type].label],
    ['due', m.receipt.dueDate, r.lifecycle.initialDueDate ? formatDate(r.lifecycle.initialDueDate) : m.receipt.noTerm],
    ['code', m.receipt.code, r.verificationCode],
    // The acknowledgement shows no petitioner, but says when the personal data was deleted.
    ...(r.redacted ? ([['redacted', m.pqrsd.citizen, m.habeas.suppressed]] as [string, string, string][]) : []),
  ];
}

export function PqrsdReceipt({ id }: { id: string }) {
  const { db } = useServices();
  const r = useLiveQuery(() => db.pqrsd.get(id), [db, id], undefined);
  const [shareMsg, setShareMsg] = useState<string | null>(null);
  const profile = useMunicipalityProfile();
  if (!r) return <p class="card">{m.pqrsd.notFound}</p>;

  async function share(rec: LocalPqrsd) {
    const blob = await receiptImage(receiptLines(rec).map(([, label, value]) => [label, value] as const), profile, location.host);
    const file = new File([blob], `constancia-${rec.radicado ?? rec.provisionalNumber}.png`, { type: 'image/png' });
    if (navigator.canShare?.({ files: [file] })) {
      try {
        await navigator.share({ files: [file], title: m.receipt.title });
        return;
      } catch {
        // Cancelled by the user: fall through to the download.
      }
    }
    download(file.name, file, 'image/png');
    setShareMsg(m.receipt.downloaded);
  }

  return (
    <article class="card receipt printable" aria-labelledby="receipt-title" data-testid="receipt">
      <header class="receipt-head">
        <h2 id="receipt-title">{m.receipt.title}</h2>
        <EntityHeading profile={profile} contact />
      </header>
      {!r.radicado && (
        <p class="provisional-note" data-testid="provisional-note">
          {m.receipt.provisionalNote(location.host)}
        </p>
      )}
      <dl class="facts big">
        {receiptLines(r).map(([key, label, value]) => (
          <Fragment key={key}>
            <dt>{label}</dt>
            <dd data-testid={`receipt-${key}`} class={['number', 'provisional', 'code'].includes(key) ? 'number' : undefined}>
              {value}
            </dd>
          </Fragment>
        ))}
      </dl>
      <p class="muted">{m.receipt.lookupHint(location.host)}</p>
      <p class="muted">{m.receipt.legal}</p>
      <div class="actions no-print">
        <PrintButton primary />
        <button type="button" onClick={onAction(() => share(r))}>
          {m.receipt.share}
        </button>
        <a class="button" href={href({ page: 'detail', id: r.id })}>
          {m.receipt.back}
        </a>
      </div>
      {shareMsg && <p role="status">{shareMsg}</p>}
    </article>
  );
}
