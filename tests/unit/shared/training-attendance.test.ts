import { describe, it, expect } from 'vitest';
import { attended, attendanceSummary, compareMarks, resolveAttendance } from '#shared/training/attendance';
import { attendanceMarkSchema, type AttendanceMark, type AttendanceStatus } from '#shared/training/training-schema';
import { mulberry32 } from '../../helpers/rng';

const SESSION = '11111111-1111-8111-8111-111111111111';
const OTHER_SESSION = '22222222-2222-8222-8222-222222222222';
const A = 'aaaaaaaa-aaaa-8aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-8bbb-8bbb-bbbbbbbbbbbb';
const C = 'cccccccc-cccc-8ccc-8ccc-cccccccccccc';

let seq = 0;
function mark(officialId: string, status: AttendanceStatus, markedAt: string, extra: Partial<AttendanceMark> = {}): AttendanceMark {
  seq++;
  return attendanceMarkSchema.parse({
    id: `m${String(seq).padStart(3, '0')}`,
    municipality: 'miraflores',
    createdBy: 'trainer1',
    deviceId: 'dev1',
    sessionId: SESSION,
    officialId,
    status,
    markedAt,
    legalBasisVersion: '2026-1',
    ...extra,
  });
}

function shuffle<T>(items: readonly T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}
const plain = (m: Map<string, unknown>) => JSON.stringify([...m]);

describe('attended', () => {
  it.each([
    ['present', true],
    ['late', true],
    ['absent', false],
    ['excused', false],
  ] as const)('counts present and late, not absent or excused: %s → %s', (status, counts) => {
    expect(attended(status)).toBe(counts);
  });
});

describe('resolveAttendance', () => {
  it('lets the latest mark win, comparing instants, not strings', () => {
    // As strings '…T13:30:00Z' sorts after '…T09:00:00-05:00', but it is half an hour earlier.
    const latest = mark(A, 'absent', '2026-03-10T09:00:00-05:00'); // 14:00Z
    const earlier = mark(A, 'present', '2026-03-10T13:30:00Z');
    const r = resolveAttendance([latest, earlier]).get(A);
    expect(r?.status).toBe('absent');
    expect(r?.mark).toBe(latest);
    const newest = mark(A, 'late', '2026-03-10T10:00:00-05:00');
    expect(resolveAttendance([newest, latest, earlier]).get(A)?.status).toBe('late');
  });

  it('breaks ties on the same instant by mark id', () => {
    const x = mark(A, 'present', '2026-03-10T14:00:00Z', { id: 'z-last' });
    const y = mark(A, 'absent', '2026-03-10T09:00:00-05:00', { id: 'a-first' });
    expect(resolveAttendance([x, y]).get(A)?.status).toBe('present');
    expect(resolveAttendance([y, x]).get(A)?.status).toBe('present');
  });

  it('does not flag a trainer correcting their own mark', () => {
    const r = resolveAttendance([
      mark(A, 'absent', '2026-03-10T09:00:00Z'),
      mark(A, 'present', '2026-03-10T09:05:00Z'),
      mark(A, 'late', '2026-03-10T09:06:00Z'),
    ]).get(A);
    expect(r?.status).toBe('late');
    expect(r?.disagreement).toBeNull();
  });

  it('does not flag different devices that agree', () => {
    const r = resolveAttendance([
      mark(A, 'present', '2026-03-10T09:00:00Z', { deviceId: 'dev1' }),
      mark(A, 'present', '2026-03-10T09:01:00Z', { deviceId: 'dev2', createdBy: 'trainer2' }),
    ]).get(A);
    expect(r?.disagreement).toBeNull();
  });

  it('flags different devices with different statuses', () => {
    const m1 = mark(A, 'present', '2026-03-10T09:00:00Z', { deviceId: 'dev1' });
    const m2 = mark(A, 'absent', '2026-03-10T09:01:00Z', { deviceId: 'dev2' });
    const r = resolveAttendance([m2, m1]).get(A);
    expect(r?.status).toBe('absent');
    expect(r?.disagreement).toEqual({ statuses: ['present', 'absent'], marks: [m1, m2] });
  });

  it('flags different users on the same device', () => {
    const r = resolveAttendance([
      mark(A, 'excused', '2026-03-10T09:00:00Z', { createdBy: 'trainer1' }),
      mark(A, 'late', '2026-03-10T09:01:00Z', { createdBy: 'trainer2' }),
    ]).get(A);
    expect(r?.disagreement?.statuses).toEqual(['late', 'excused']);
  });

  it("compares each source's final word: a disagreement settled by a correction is cleared", () => {
    const base = [
      mark(A, 'present', '2026-03-10T09:00:00Z', { deviceId: 'dev1' }),
      mark(A, 'absent', '2026-03-10T09:05:00Z', { deviceId: 'dev2', createdBy: 'trainer2' }),
    ];
    expect(resolveAttendance(base).get(A)?.disagreement).not.toBeNull();
    const settled = [...base, mark(A, 'absent', '2026-03-10T09:10:00Z', { deviceId: 'dev1' })];
    const r = resolveAttendance(settled).get(A);
    expect(r?.status).toBe('absent');
    expect(r?.disagreement).toBeNull();
  });

  it('keeps officials apart and iterates by official id', () => {
    const r = resolveAttendance([mark(C, 'absent', '2026-03-10T09:00:00Z'), mark(A, 'present', '2026-03-10T09:00:00Z'), mark(B, 'late', '2026-03-10T09:00:00Z')]);
    expect([...r.keys()]).toEqual([A, B, C]);
    expect([...r.values()].map((v) => v.status)).toEqual(['present', 'late', 'absent']);
    expect(resolveAttendance([]).size).toBe(0);
  });

  it('gives the same result for any order of the marks (200 shuffles)', () => {
    const statuses: AttendanceStatus[] = ['present', 'late', 'absent', 'excused'];
    const gen = mulberry32(42);
    const marks: AttendanceMark[] = [];
    for (let i = 0; i < 60; i++) {
      const minute = Math.floor(gen() * 6); // few distinct instants: many ties
      const offset = gen() < 0.5 ? 'Z' : '-05:00';
      const hour = offset === 'Z' ? '14' : '09'; // same instant written two ways
      marks.push(
        mark([A, B, C][Math.floor(gen() * 3)] as string, statuses[Math.floor(gen() * 4)] as AttendanceStatus, `2026-03-10T${hour}:0${minute}:00${offset}`, {
          deviceId: `dev${Math.floor(gen() * 2)}`,
          createdBy: `trainer${Math.floor(gen() * 2)}`,
        }),
      );
    }
    // The same event received twice must not make the result order-dependent either.
    marks.push({ ...(marks[0] as AttendanceMark) }, { ...(marks[5] as AttendanceMark), status: 'excused' });
    const expected = plain(resolveAttendance(marks));
    const rand = mulberry32(7);
    for (let i = 0; i < 200; i++) expect(plain(resolveAttendance(shuffle(marks, rand)))).toBe(expected);
    const sorted = [...marks].sort(compareMarks);
    for (const [officialId, r] of resolveAttendance(marks)) {
      expect(r.mark).toEqual(sorted.filter((m) => m.officialId === officialId).at(-1));
    }
  });
});

describe('attendanceSummary', () => {
  it('counts statuses, convened, unmarked, extras and disagreements of one session', () => {
    const session = { id: SESSION, convened: [A, B, C, C] };
    const walkIn = 'dddddddd-dddd-8ddd-8ddd-dddddddddddd';
    const s = attendanceSummary(session, [
      mark(A, 'absent', '2026-03-10T09:00:00Z'),
      mark(A, 'late', '2026-03-10T09:01:00Z'),
      mark(B, 'present', '2026-03-10T09:00:00Z', { deviceId: 'dev1' }),
      mark(B, 'excused', '2026-03-10T09:02:00Z', { deviceId: 'dev2' }),
      mark(walkIn, 'present', '2026-03-10T09:03:00Z'),
      mark(C, 'present', '2026-03-10T09:00:00Z', { sessionId: OTHER_SESSION }),
    ]);
    expect(s.counts).toEqual({ present: 1, late: 1, absent: 0, excused: 1 });
    expect(s.attended).toBe(2);
    expect(s.convened).toBe(3);
    expect(s.unmarked).toBe(1);
    expect(s.unmarkedIds).toEqual([C]);
    expect(s.notConvened).toBe(1);
    expect(s.disagreements).toHaveLength(1);
    expect(s.disagreements[0]?.officialId).toBe(B);
    expect(s.disagreements[0]?.statuses).toEqual(['present', 'excused']);
  });

  it('handles a session with nobody convened and no marks', () => {
    const s = attendanceSummary({ id: SESSION, convened: [] }, []);
    expect(s).toEqual({
      sessionId: SESSION,
      counts: { present: 0, late: 0, absent: 0, excused: 0 },
      attended: 0,
      convened: 0,
      unmarked: 0,
      unmarkedIds: [],
      notConvened: 0,
      disagreements: [],
    });
  });
});
