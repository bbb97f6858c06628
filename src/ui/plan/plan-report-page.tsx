import { useState } from 'preact/hooks';
import { updateLocal } from '../../modules/local-records';
import { signOffReport, startReport } from '../../modules/plan/commands';
import { todayInBogota } from '#shared/calendar';
import { CSV_MIME, toCsv } from '#shared/export/csv';
import { toXlsx, XLSX_MIME } from '#shared/export/xlsx';
import { buildPlanReport, formatPct, planReportTables } from '#shared/plan/plan-report';
import { semesterOf } from '#shared/training/training-schema';
import { download } from '../common/download';
import { onAction } from '../common/action';
import { DataTable } from '../common/data-table';
import { ErrorText } from '../common/notice';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { entityLine } from '../municipality/entity-heading';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { useServices } from '../services';
import { SemesterSelect } from '../training/training-home';
import { useLiveQuery } from '../use-live-query';
import { Light } from './plan-dashboard';
import { loadPlanData } from './plan-data';
import { PrintButton } from '../common/print-button';

const t = m.plan;

/** Control Interno's semiannual evaluation: figures from the recorded data, observations, sign-off. */
export function PlanReportPage() {
  const { db, device, session } = useServices();
  const today = todayInBogota();
  const [semester, setSemester] = useState(() => semesterOf(today));
  const data = useLiveQuery(() => loadPlanData(db, session.user.municipality), [db, session.user.municipality], null);
  const profile = useMunicipalityProfile();
  const saved = useLiveQuery(() => db.plan_report.where('semester').equals(semester).first(), [db, semester], undefined);
  const [error, setError] = useState<string | null>(null);
  const control = session.user.role === 'internal_control' || session.user.role === 'admin';
  if (!data) return null;
  const report = buildPlanReport(data, semester, saved ?? null, today);
  const tables = planReportTables(report);
  const signed = Boolean(saved?.signedOffAt);
  const editable = control && !signed;
  const act = onAction(async (fn: () => Promise<unknown>) => {
    await fn();
  }, setError);
  const observe = (n: number, text: string) =>
    act(async () => {
      const r = saved ?? (await startReport(db, device, semester));
      await updateLocal(db, 'plan_report', r.id, { observations: { ...(r.observations ?? {}), [String(n)]: text } });
    });

  return (
    <article class="card printable report-a4" aria-labelledby="report-title" data-testid="plan-report">
      <header class="receipt-head">
        <h2 id="report-title">{t.reportTitle(semester)}</h2>
        <p>
          {entityLine(profile)} · {t.reportBy}
        </p>
      </header>
      <div class="no-print">
        <SemesterSelect value={semester} onChange={setSemester} />
      </div>
      <DataTable
        wrap={false}
        rows={report.actions}
        rowKey={(a) => a.number}
        rowProps={(a) => ({ 'data-testid': `report-action-${a.number}` })}
        columns={[
          {
            label: t.action,
            cell: (a) => (
              <>
                {a.number}. {a.name}
                <div class="muted">{a.indicator}</div>
              </>
            ),
          },
          {
            label: t.value,
            cellProps: { 'data-testid': 'report-value' },
            cell: (a) => (
              <>
                {formatPct(a.semesterValue)}
                {a.secondaryValue !== null && ` · ${t.passedShort} ${formatPct(a.secondaryValue)}`}
              </>
            ),
          },
          { label: t.goal, cell: (a) => formatPct(a.goal) },
          { label: t.status, cell: (a) => <Light light={a.light} /> },
        ]}
      />
      <p>{t.totals(report.totals.green, report.totals.yellow, report.totals.red, report.totals.missingMeasurements)}</p>
      <h3>{t.observations}</h3>
      {report.actions.map((a) => (
        <div class="field" key={a.number}>
          <label for={`obs-${a.number}`}>
            {a.number}. {a.name}
          </label>
          {editable ? (
            <textarea id={`obs-${a.number}`} rows={2} value={a.observation} onChange={(e) => observe(a.number, e.currentTarget.value)} />
          ) : (
            <p id={`obs-${a.number}`}>{a.observation || '—'}</p>
          )}
        </div>
      ))}
      <div class="field">
        <label for="summary">{t.summary}</label>
        {editable ? (
          <textarea
            id="summary"
            rows={4}
            value={report.summary}
            onChange={(e) => {
              const v = e.currentTarget.value;
              act(async () => updateLocal(db, 'plan_report', (saved ?? (await startReport(db, device, semester))).id, { summary: v }));
            }}
          />
        ) : (
          <p id="summary">{report.summary || '—'}</p>
        )}
      </div>
      <div class="signatures">
        <p>{t.signMayor}</p>
        <p>{t.signCommittee}</p>
        <p>{t.signControl}</p>
      </div>
      {signed && saved?.signedOffAt && <p class="success">{t.signedOff(formatDateTime(saved.signedOffAt))}</p>}
      <ErrorText text={error} />
      <div class="actions no-print">
        <PrintButton />
        <button type="button" onClick={() => download(`informe-gel-${semester}.csv`, toCsv(tables[0]?.headers ?? [], tables[0]?.rows ?? []), CSV_MIME)}>
          {m.report.csv}
        </button>
        <button type="button" onClick={() => download(`informe-gel-${semester}.xlsx`, toXlsx(tables) as BlobPart, XLSX_MIME)}>
          {m.report.xlsx}
        </button>
        {control && saved && !signed && session.user.role === 'internal_control' && (
          <button type="button" class="primary" onClick={() => confirm(t.confirmSignOff) && act(() => signOffReport(db, device, saved.id))}>
            {t.signOff}
          </button>
        )}
      </div>
    </article>
  );
}
