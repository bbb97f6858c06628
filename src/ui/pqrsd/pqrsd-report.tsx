import { TableScroll } from '../common/data-table';
import { useState } from 'preact/hooks';
import { todayInBogota } from '#shared/calendar';
import { dateRangeProblem } from '#shared/date-range';
import { CSV_MIME, toCsv } from '#shared/export/csv';
import { toXlsx, XLSX_MIME } from '#shared/export/xlsx';
import { buildPqrsdReport, PQRSD_REPORT_SHEETS, pqrsdReportTables } from '#shared/pqrsd/report';
import { download } from '../common/download';
import { messages as m } from '../i18n/es-CO';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { InputField } from '../common/input-field';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';

/** The semester a date falls in: Control Interno reports every six months. */
function semesterOf(today: string): { from: string; to: string } {
  const year = today.slice(0, 4);
  return today.slice(5, 7) <= '06' ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` };
}


/** The legal report of requests (received, transferred, response time, denied), offline. */
export function PqrsdReport() {
  const { db } = useServices();
  const today = todayInBogota();
  const [range, setRange] = useState(() => semesterOf(today));
  const all = useLiveQuery(() => db.pqrsd.toArray(), [db], []);
  const problem = dateRangeProblem(range);
  const { settings } = useMunicipalityProfile();
  const report = problem ? null : buildPqrsdReport(all, range, today, { settings: settings.pqrsd });
  const tables = report ? pqrsdReportTables(report) : [];
  const fileBase = `informe-pqrsd-${range.from}-a-${range.to}`;

  return (
    <section class="card" aria-labelledby="report-title">
      <h2 id="report-title">{m.report.title}</h2>
      <p class="muted">{m.report.onlyDevice}</p>
      <div class="grid">
        {(['from', 'to'] as const).map((end) => (
          <InputField
            key={end}
            id={end}
            label={m.report[end]}
            type="date"
            value={range[end]}
            error={problem?.field === end ? problem.message : null}
            announce
            onInput={(e) => setRange({ ...range, [end]: e.currentTarget.value })}
          />
        ))}
      </div>
      {report && (
        <>
          <div class="actions">
            <button
              type="button"
              onClick={() => {
                const detail = tables.find((t) => t.name === PQRSD_REPORT_SHEETS.detail);
                if (detail) download(`${fileBase}.csv`, toCsv(detail.headers, detail.rows), CSV_MIME);
              }}
            >
              {m.report.csv}
            </button>
            <button type="button" onClick={() => download(`${fileBase}.xlsx`, toXlsx(tables) as BlobPart, XLSX_MIME)}>
              {m.report.xlsx}
            </button>
          </div>
          {tables
            .filter((t) => t.name !== PQRSD_REPORT_SHEETS.detail || t.rows.length <= 200)
            .map((t) => (
              <TableScroll key={t.name} label={t.name}>
                <table class="cards">
                  <caption>{t.name}</caption>
                  <thead>
                    <tr>
                      {t.headers.map((h) => (
                        <th scope="col" key={h}>
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.map((row, i) => (
                      <tr key={i}>
                        {row.map((c, j) => (
                          <td key={j} data-label={t.headers[j]}>{c === null ? '—' : typeof c === 'boolean' ? (c ? 'Sí' : 'No') : String(c)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            ))}
        </>
      )}
    </section>
  );
}
