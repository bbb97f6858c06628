import { beforeAll, describe, expect, it } from 'vitest';
import { addOfficial, createCourse, createSession, markAttendance } from '../../src/modules/training/commands';
import { resolveAttendance } from '#shared/training/attendance';
import type { Device } from '../helpers/server-process';
import { createUserAsAdmin, makeDevice, OTHER_PASSWORD, serverPerFile } from '../helpers/server-process';

const server = serverPerFile();
beforeAll(async () => {
  await createUserAsAdmin(server.url, { username: 'capacitadora2', displayName: 'Segunda Capacitadora', role: 'trainer' });
});


/** The attendance of a session as a device shows it: status and disagreement per official. */
async function shown(d: Device, sessionId: string) {
  const marks = await d.db.attendance_mark.where('sessionId').equals(sessionId).toArray();
  return [...resolveAttendance(marks)].map(([officialId, r]) => ({ officialId, status: r.status, flagged: r.disagreement !== null }));
}

async function setUp() {
  const admin = await makeDevice(server.url, 'admin');
  const people = [];
  for (const [i, name] of ['Ana Gómez', 'Beto Ríos', 'Carla Díaz'].entries()) {
    people.push(await addOfficial(admin.db, admin.ctx, { idType: 'CC', idNumber: String(52_000_100 + i), fullName: name, dependencia: 'Gobierno' }));
  }
  await admin.syncNow();
  const a = await makeDevice(server.url, 'capacitador');
  const b = await makeDevice(server.url, 'capacitadora2', { password: OTHER_PASSWORD });
  await a.syncNow();
  const course = await createCourse(a.db, a.ctx, { semester: '2026-2', name: 'Word', hours: 4, scaleMax: 5, passThreshold: 3 });
  const session = await createSession(a.db, a.ctx, {
    courseId: course.id,
    date: '2026-11-20',
    startTime: '08:00',
    endTime: '10:00',
    place: 'Biblioteca',
    trainer: 'Dos capacitadores',
    convened: people.map((p) => p.id),
  });
  await a.syncNow();
  await b.syncNow();
  expect(await b.db.training_session.get(session.id)).toBeDefined();
  await admin.close();
  return { a, b, people, sessionId: session.id };
}

describe('two trainers mark the same session offline', () => {
  for (const order of ['A then B', 'B then A'] as const) {
    it(`converge to the same attendance with the disagreement flagged (${order})`, async () => {
      const { a, b, people, sessionId } = await setUp();
      const [ana, beto, carla] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
      a.setOnline(false);
      b.setOnline(false);
      const t0 = Date.parse('2026-11-20T13:05:00Z');
      await markAttendance(a.db, a.ctx, { sessionId, officialId: ana.id, status: 'present' }, new Date(t0));
      await markAttendance(b.db, b.ctx, { sessionId, officialId: ana.id, status: 'absent' }, new Date(t0 + 60_000));
      await markAttendance(a.db, a.ctx, { sessionId, officialId: beto.id, status: 'late' }, new Date(t0 + 1_000));
      await markAttendance(b.db, b.ctx, { sessionId, officialId: beto.id, status: 'late' }, new Date(t0 + 2_000));
      // A trainer correcting their own mark is not a disagreement.
      await markAttendance(b.db, b.ctx, { sessionId, officialId: carla.id, status: 'absent' }, new Date(t0 + 3_000));
      await markAttendance(b.db, b.ctx, { sessionId, officialId: carla.id, status: 'excused' }, new Date(t0 + 4_000));

      a.setOnline(true);
      b.setOnline(true);
      const [first, second] = order === 'A then B' ? [a, b] : [b, a];
      await first.syncNow();
      await second.syncNow();
      await first.syncNow();
      expect(await a.db.outbox.count()).toBe(0);
      expect(await b.db.outbox.count()).toBe(0);

      const onA = await shown(a, sessionId);
      const onB = await shown(b, sessionId);
      expect(onA).toEqual(onB);
      const by = new Map(onA.map((r) => [r.officialId, r]));
      expect(by.get(ana.id)).toEqual({ officialId: ana.id, status: 'absent', flagged: true }); // the later mark wins
      expect(by.get(beto.id)).toEqual({ officialId: beto.id, status: 'late', flagged: false });
      expect(by.get(carla.id)).toEqual({ officialId: carla.id, status: 'excused', flagged: false });
      expect(await a.db.attendance_mark.where('sessionId').equals(sessionId).count()).toBe(6); // nothing lost
      await a.close();
      await b.close();
    });
  }
});

describe('a walk-in added offline on two devices', () => {
  it('ends up as one official on the server and on both devices', async () => {
    const { a, b, sessionId } = await setUp();
    a.setOnline(false);
    b.setOnline(false);
    const walkIn = { idType: 'CC' as const, idNumber: '1.098.765.432', fullName: 'Diego Torres', dependencia: 'Hacienda', walkIn: true };
    const onA = await addOfficial(a.db, a.ctx, walkIn);
    const onB = await addOfficial(b.db, b.ctx, { ...walkIn, idNumber: '1098765432', fullName: 'Diego A. Torres' });
    expect(onA.id).toBe(onB.id);
    await markAttendance(a.db, a.ctx, { sessionId, officialId: onA.id, status: 'present' });
    await markAttendance(b.db, b.ctx, { sessionId, officialId: onB.id, status: 'present' });
    a.setOnline(true);
    b.setOnline(true);
    await a.syncNow();
    await b.syncNow();
    await a.syncNow();
    expect(await a.db.quarantine.count()).toBe(0);
    expect(await b.db.quarantine.count()).toBe(0);
    const named = (d: Device) => d.db.official.filter((o) => o.idNumber === '1098765432').toArray();
    const [listA, listB] = [await named(a), await named(b)];
    expect(listA).toHaveLength(1);
    expect(listB).toHaveLength(1);
    expect(listA[0]?.fullName).toBe(listB[0]?.fullName); // the first to reach the server stays
    expect(listB[0]?._sync).toBe('synced');
    await a.close();
    await b.close();
  });
});
