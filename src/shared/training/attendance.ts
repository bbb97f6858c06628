// Attendance of one training session, resolved from the append-only marks of every device.
// Pure and order independent: the same set of marks gives the same result on every device.
import { ATTENDANCE_STATUSES, type AttendanceMark, type AttendanceStatus, type TrainingSession } from './training-schema';

const STATUS_ORDER = Object.keys(ATTENDANCE_STATUSES) as AttendanceStatus[];

export type AttendanceDisagreement = { statuses: AttendanceStatus[]; marks: AttendanceMark[] };

export type ResolvedAttendance = {
  status: AttendanceStatus;
  /** The mark that won: the latest by markedAt. */
  mark: AttendanceMark;
  disagreement: AttendanceDisagreement | null;
};

/**
 * Present or late count as attended; absent does not; excused does not either unless the
 * municipality's setting `excusedCountAsAttended` says so (DOMAIN.md §7–8).
 */
export function attended(status: AttendanceStatus, excusedCountAsAttended = false): boolean {
  return status === 'present' || status === 'late' || (excusedCountAsAttended && status === 'excused');
}

function instant(mark: AttendanceMark): number {
  const t = Date.parse(mark.markedAt);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Total order of marks: instant (offsets differ between devices, so not the string), then id.
 * The last fields only matter for the same id arriving with different content; they keep the
 * result independent of the input order even then.
 */
export function compareMarks(a: AttendanceMark, b: AttendanceMark): number {
  const ta = instant(a);
  const tb = instant(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (
    cmpStr(a.id, b.id) ||
    cmpStr(a.status, b.status) ||
    cmpStr(a.deviceId, b.deviceId) ||
    cmpStr(a.createdBy, b.createdBy) ||
    cmpStr(a.markedAt, b.markedAt)
  );
}

// A device or user is a distinct source; one trainer on one device correcting a tap is not.
function sourceKey(m: AttendanceMark): string {
  return JSON.stringify([m.createdBy, m.deviceId]);
}

/**
 * Resolves the marks of ONE session per official. The latest mark wins. A disagreement is
 * flagged when the final word of different sources (device or user) differs; each source's
 * earlier marks are its own corrections and are not compared. Map iteration is by officialId.
 */
export function resolveAttendance(marks: readonly AttendanceMark[]): Map<string, ResolvedAttendance> {
  const byOfficial = new Map<string, AttendanceMark[]>();
  for (const m of marks) {
    const list = byOfficial.get(m.officialId);
    if (list) list.push(m);
    else byOfficial.set(m.officialId, [m]);
  }
  const result = new Map<string, ResolvedAttendance>();
  for (const officialId of [...byOfficial.keys()].sort(cmpStr)) {
    const sorted = [...(byOfficial.get(officialId) ?? [])].sort(compareMarks);
    const winner = sorted[sorted.length - 1];
    if (!winner) continue;
    const latestBySource = new Map<string, AttendanceMark>();
    for (const m of sorted) latestBySource.set(sourceKey(m), m); // ascending: last one stays
    const finals = [...latestBySource.values()].sort(compareMarks);
    const statuses = STATUS_ORDER.filter((s) => finals.some((m) => m.status === s));
    result.set(officialId, {
      status: winner.status,
      mark: winner,
      disagreement: statuses.length > 1 ? { statuses, marks: finals } : null,
    });
  }
  return result;
}

export type AttendanceSummary = {
  sessionId: string;
  counts: Record<AttendanceStatus, number>;
  /** Present + late. */
  attended: number;
  /** Distinct officials convened. */
  convened: number;
  /** Convened officials with no mark yet. */
  unmarked: number;
  unmarkedIds: string[];
  /** Marked but not convened (e.g. walk-ins added at the session). */
  notConvened: number;
  disagreements: Array<{ officialId: string } & AttendanceDisagreement>;
};

/** Counts of one session; marks of other sessions are ignored. */
export function attendanceSummary(session: Pick<TrainingSession, 'id' | 'convened'>, marks: readonly AttendanceMark[]): AttendanceSummary {
  const resolved = resolveAttendance(marks.filter((m) => m.sessionId === session.id));
  const convened = new Set(session.convened);
  const counts: Record<AttendanceStatus, number> = { present: 0, late: 0, absent: 0, excused: 0 };
  let notConvened = 0;
  const disagreements: AttendanceSummary['disagreements'] = [];
  for (const [officialId, r] of resolved) {
    counts[r.status]++;
    if (!convened.has(officialId)) notConvened++;
    if (r.disagreement) disagreements.push({ officialId, ...r.disagreement });
  }
  const unmarkedIds = [...convened].filter((id) => !resolved.has(id)).sort(cmpStr);
  return {
    sessionId: session.id,
    counts,
    attended: counts.present + counts.late,
    convened: convened.size,
    unmarked: unmarkedIds.length,
    unmarkedIds,
    notConvened,
    disagreements,
  };
}
