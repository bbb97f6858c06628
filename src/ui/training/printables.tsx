import { TableScroll } from '../common/data-table';
import { resolveAttendance } from '#shared/training/attendance';
import { bestScore } from '#shared/training/indicators';
import { certificateEligibility } from '#shared/training/certificate';
import { ATTENDANCE_LEGAL_BASIS, ATTENDANCE_STATUSES } from '#shared/training/training-schema';
import { ID_TYPE_LABELS } from '#shared/identity';
import { formatDate, messages as m } from '../i18n/es-CO';
import { EntityHeading } from '../municipality/entity-heading';
import { useMunicipalityProfile } from '../municipality/use-profile';
import { useServices } from '../services';
import { useLiveQuery } from '../use-live-query';
import { useOfficials } from './use-officials';
import { PrintButton } from '../common/print-button';

const t = m.training;

/** Planilla de asistencia: one row per person with status and drawn signature, for printing. */
export function AttendanceSheet({ id }: { id: string }) {
  const { db } = useServices();
  const s = useLiveQuery(() => db.training_session.get(id), [db, id], undefined);
  const courseId = s?.courseId;
  const course = useLiveQuery(async () => (courseId ? db.course.get(courseId) : undefined), [db, courseId], undefined);
  const marks = useLiveQuery(() => db.attendance_mark.where('sessionId').equals(id).toArray(), [db, id], []);
  const resolved = resolveAttendance(marks);
  const ids = s ? [...new Set([...s.convened, ...resolved.keys()])] : [];
  const people = useOfficials(ids);
  const profile = useMunicipalityProfile();
  if (!s) return <p class="card">{t.notFound}</p>;
  return (
    <article class="card printable" aria-labelledby="sheet-title">
      <header class="receipt-head">
        <h2 id="sheet-title">{t.sheetTitle}</h2>
        <EntityHeading profile={profile} />
      </header>
      <dl class="facts">
        <dt>{t.course}</dt>
        <dd>{course?.name ?? '—'}</dd>
        <dt>{t.sessionFields.date}</dt>
        <dd>
          {formatDate(s.date)} {s.startTime}–{s.endTime}
        </dd>
        <dt>{t.sessionFields.place}</dt>
        <dd>{s.place}</dd>
        <dt>{t.sessionFields.trainer}</dt>
        <dd>{s.trainer}</dd>
      </dl>
      <TableScroll label={t.sheetTitle}>
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t.fullName}</th>
            <th scope="col">{m.pqrsd.idNumber}</th>
            <th scope="col">{m.pqrsd.dependencia}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.signature}</th>
          </tr>
        </thead>
        <tbody>
          {people
            .sort((a, b) => a.fullName.localeCompare(b.fullName, 'es'))
            .map((o, i) => {
              const r = resolved.get(o.id);
              return (
                <tr key={o.id}>
                  <td>{i + 1}</td>
                  <td>{o.fullName}</td>
                  <td>
                    {o.idType} {o.idNumber}
                  </td>
                  <td>{o.dependencia}</td>
                  <td>{r ? ATTENDANCE_STATUSES[r.status] : '—'}</td>
                  <td class="sig-cell">{r?.mark.signature ? <img class="sig" src={r.mark.signature} alt={t.signatureOf(o.fullName)} /> : ''}</td>
                </tr>
              );
            })}
        </tbody>
      </table>
      </TableScroll>
      <p class="muted">{ATTENDANCE_LEGAL_BASIS.text}</p>
      <div class="actions no-print">
        <PrintButton primary />
      </div>
    </article>
  );
}

/** Certificate for a participant who reached the attendance threshold and passed the evaluation (DOMAIN.md §7). */
export function Certificate({ courseId, officialId }: { courseId: string; officialId: string }) {
  const { db } = useServices();
  const course = useLiveQuery(() => db.course.get(courseId), [db, courseId], undefined);
  const official = useLiveQuery(() => db.official.get(officialId), [db, officialId], undefined);
  const attempts = useLiveQuery(
    () => db.evaluation.where('courseId').equals(courseId).filter((e) => e.officialId === officialId).toArray(),
    [db, courseId, officialId],
    [],
  );
  const sessions = useLiveQuery(() => db.training_session.where('courseId').equals(courseId).toArray(), [db, courseId], []);
  const marks = useLiveQuery(
    async () =>
      db.attendance_mark
        .where('sessionId')
        .anyOf(await db.training_session.where('courseId').equals(courseId).primaryKeys())
        .filter((mk) => mk.officialId === officialId)
        .toArray(),
    [db, courseId, officialId],
    [],
  );
  const profile = useMunicipalityProfile();
  if (!course || !official) return <p class="card">{t.notFound}</p>;
  const eligibility = certificateEligibility({ course, official, sessions, marks, attempts, settings: profile.settings.training });
  if (!eligibility.eligible) {
    return (
      <p class="card" data-testid="certificate-refused">
        {t.notEligible} {eligibility.reason}
      </p>
    );
  }
  const lastPass = attempts.filter((a) => a.score >= course.passThreshold).sort((a, b) => b.takenOn.localeCompare(a.takenOn))[0];
  return (
    <article class="card certificate printable" aria-labelledby="cert-title" data-testid="certificate">
      <div class="cert-entity">
        <EntityHeading profile={profile} />
      </div>
      <h2 id="cert-title">{t.certTitle}</h2>
      <p>{t.certifies(profile.entityName)}</p>
      <p class="cert-name">{official.fullName}</p>
      <p>
        {ID_TYPE_LABELS[official.idType]} {official.idNumber}
      </p>
      <p>{t.certBody(course.name, course.hours, course.semester)}</p>
      <p>
        {t.certScore(bestScore(attempts) ?? 0, course.scaleMax)} · {formatDate(lastPass?.takenOn)}
      </p>
      <div class="signatures">
        <p>{t.certSignTrainer}</p>
        <p>{t.certSignCommittee}</p>
      </div>
      <div class="actions no-print">
        <PrintButton primary />
      </div>
    </article>
  );
}
