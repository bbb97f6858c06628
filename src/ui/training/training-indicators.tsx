import { CSV_MIME, toCsv } from '#shared/export/csv';
import { toXlsx, XLSX_MIME } from '#shared/export/xlsx';
import { resolveAttendance } from '#shared/training/attendance';
import { trainingIndicators } from '#shared/training/indicators';
import { ATTENDANCE_STATUSES } from '#shared/training/training-schema';
import type { GelDb } from '../../db/database';
import { DataTable } from '../common/data-table';
import { download } from '../common/download';
import { messages as m } from '../i18n/es-CO';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { SemesterSelect, useSemester } from './training-home';

const t = m.training;

async function loadSemester(db: GelDb, semester: string) {
  const courses = await db.course.where('semester').equals(semester).toArray();
  const courseIds = courses.map((c) => c.id);
  const sessions = await db.training_session.where('courseId').anyOf(courseIds).toArray();
  const marks = await db.attendance_mark.where('sessionId').anyOf(sessions.map((s) => s.id)).toArray();
  const evaluations = await db.evaluation.where('courseId').anyOf(courseIds).toArray();
  const officials = await db.official.toArray();
  return { courses, sessions, marks, evaluations, officials };
}

type Loaded = Awaited<ReturnType<typeof loadSemester>>;

/** Attendance and scores as spreadsheet sheets (no signatures: they stay on the printed sheet). */
function exportSheets(d: Loaded) {
  const name = new Map(d.officials.map((o) => [o.id, o]));
  const courseName = new Map(d.courses.map((c) => [c.id, c.name]));
  const attendance = d.sessions.flatMap((s) =>
    [...resolveAttendance(d.marks.filter((mk) => mk.sessionId === s.id))].map(([officialId, r]) => {
      const o = name.get(officialId);
      return [courseName.get(s.courseId) ?? '', s.date, s.place, o?.fullName ?? officialId, o?.idNumber ?? '', o?.dependencia ?? '', ATTENDANCE_STATUSES[r.status], r.disagreement ? 'Sí' : 'No'];
    }),
  );
  const scores = d.evaluations.map((e) => {
    const o = name.get(e.officialId);
    const c = d.courses.find((x) => x.id === e.courseId);
    return [c?.name ?? '', o?.fullName ?? e.officialId, o?.idNumber ?? '', o?.dependencia ?? '', e.score, c ? e.score >= c.passThreshold : null, e.takenOn];
  });
  return [
    { name: 'Asistencia', headers: ['Curso', 'Fecha', 'Lugar', 'Nombre', 'Documento', 'Dependencia', 'Estado', 'Marcas en desacuerdo'], rows: attendance },
    { name: 'Evaluaciones', headers: ['Curso', 'Nombre', 'Documento', 'Dependencia', 'Nota', 'Aprobó', 'Fecha'], rows: scores },
  ];
}

export function TrainingIndicators() {
  const { db } = useServices();
  const [semester, setSemester] = useSemester();
  const data = useLiveQuery(() => loadSemester(db, semester), [db, semester], null);
  const { settings } = useMunicipalityProfile();
  const ind = data ? trainingIndicators({ semester, settings: settings.training, ...data }) : null;
  return (
    <section class="card" aria-labelledby="ind-title">
      <h2 id="ind-title">{t.indicatorsTitle}</h2>
      <SemesterSelect value={semester} onChange={setSemester} />
      {ind && data && (
        <>
          <DataTable
            testId="training-indicators"
            rows={[...ind.byDependencia, ind.overall]}
            rowKey={(r) => r.dependencia}
            columns={[
              { label: m.pqrsd.dependencia, cell: (r) => (r === ind.overall ? t.total : r.dependencia) },
              { label: t.activeOfficials, cell: (r) => r.activeOfficials },
              { label: t.trainedPct, cell: (r) => `${r.trainedPct === null ? '—' : `${r.trainedPct} %`} (${r.trained})` },
              { label: t.passedPct, cell: (r) => `${r.passedPct === null ? '—' : `${r.passedPct} %`} (${r.passed}/${r.evaluated})` },
            ]}
          />
          <div class="actions">
            <button
              type="button"
              onClick={() => {
                const [att] = exportSheets(data);
                if (att) download(`asistencia-${semester}.csv`, toCsv(att.headers, att.rows), CSV_MIME);
              }}
            >
              {t.csvAttendance}
            </button>
            <button
              type="button"
              onClick={() => {
                const [, sc] = exportSheets(data);
                if (sc) download(`evaluaciones-${semester}.csv`, toCsv(sc.headers, sc.rows), CSV_MIME);
              }}
            >
              {t.csvScores}
            </button>
            <button type="button" onClick={() => download(`capacitacion-${semester}.xlsx`, toXlsx(exportSheets(data)) as BlobPart, XLSX_MIME)}>
              {t.xlsx}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
