// A habeas-data round trip (Ley 1581 de 2012) over real HTTP against the real server process,
// on SQLite and on a throwaway PostgreSQL: requests filed on a device → search by ID → export
// JSON and CSV → rectify (devices pull the correction) → anonymise a closed request (an open
// one refused) → devices pull the redacted record, the sealed copy reaches nobody, the audit
// log has every call and verify-audit still passes.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { updateLocal } from '../../src/modules/local-records';
import { addOfficial, createCourse, createSession, markAttendance } from '../../src/modules/training/commands';
import { fileDataSubjectRequest } from '../../src/modules/habeas/data-subject-requests';
import type { Dossier } from '#shared/habeas/api';
import { REDACTED_LABEL } from '#shared/habeas/redaction-schema';
import { pqrsdSchema, RECORD_KINDS } from '#shared/records';
import { ROLES, type Role } from '#shared/roles';
import { answerStep, sampleFiling } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, login, pullAll, pushAs, serverOnDialectPerTest } from '../helpers/server-process';
import { adminCli } from '../helpers/admin-cli';

const DEMO_USER: Record<Role, string> = { admin: 'admin', committee: 'comite', internal_control: 'control', trainer: 'capacitador', official: 'funcionario' };
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgo=';
const PERSON = { idType: 'CC', idNumber: '1.234.567' } as const;

const cluster = postgresCluster();
const fleet = serverOnDialectPerTest(cluster);


async function roundTrip(dialect: 'sqlite' | 'postgres'): Promise<void> {
  const server = await fleet.start(dialect);
  const filer = await fleet.device('funcionario');
  const officer = await fleet.device('admin');
  const admin = (path: string, body: unknown) =>
    http<any>(server.url, path, { token: officer.token, body, headers: { 'x-device-id': officer.deviceId } });

  // 1. Filed on devices like any day at the window: two requests, a roster entry with a
  //    signed attendance mark, and the person's own data-subject request.
  const open = await filer.file(sampleFiling({ subject: 'Alumbrado en la vereda' }));
  const closed = await filer.file(sampleFiling({ subject: 'Arreglo de la vía' }));
  const other = await filer.file(sampleFiling({ citizen: { idType: 'CC', idNumber: '7654321', name: 'Pedro Gómez', address: 'Vereda La Paz' } }));
  await filer.syncNow();
  const official = await addOfficial(officer.db, officer.ctx, { idType: 'CC', idNumber: '1234567', fullName: 'María Pérez', dependencia: 'Hacienda', active: false });
  const course = await createCourse(officer.db, officer.ctx, { semester: '2026-1', name: 'Hoja de cálculo', hours: 8, scaleMax: 5, passThreshold: 3 });
  const session = await createSession(officer.db, officer.ctx, { courseId: course.id, date: '2026-03-12', startTime: '08:00', endTime: '12:00', place: 'Sala de sistemas', trainer: 'Capacitador' });
  const mark = await markAttendance(officer.db, officer.ctx, { sessionId: session.id, officialId: official.id, status: 'present', signature: SIGNATURE });
  const dsr = await fileDataSubjectRequest(officer.db, officer.ctx, {
    type: 'reclamo',
    right: 'suprimir',
    channel: 'presencial',
    receivedOn: '2026-03-16',
    person: { idType: 'CC', idNumber: '1234567', name: 'María Pérez', address: 'Calle 5 # 3-20' },
    description: 'Pide suprimir sus datos de las solicitudes ya respondidas.',
  });
  await officer.syncNow();
  expect(await officer.db.outbox.count()).toBe(0);
  // One request gets its answer (closed); the other stays open.
  const step = await pushAs(server.url, officer, [answerStep(closed.id, 'Se programó el arreglo.')]);
  expect(step.body.results[0].status).toBe('applied');

  // 2. Search by ID (written with dots: the number is normalised).
  const found = await admin('/api/habeas/search', PERSON);
  expect(found.status).toBe(200);
  const d = found.body.dossier as Dossier;
  expect(d.requests.map((r) => r.request.id).sort()).toEqual([open.id, closed.id].sort());
  expect(d.requests.find((r) => r.request.id === closed.id)?.events).toHaveLength(1);
  expect(d.officials.map((o) => o.official.id)).toEqual([official.id]);
  expect(d.officials[0]?.attendance.map((a) => a.id)).toEqual([mark.id]);
  expect(d.dataSubjectRequests.map((x) => x.id)).toEqual([dsr.id]);
  expect(JSON.stringify(d)).not.toContain(other.id);

  // 3. Export: JSON complete, CSV (`;`, what Excel es-CO opens in columns) one row per field with the BOM.
  const json = await admin('/api/habeas/export', { ...PERSON, format: 'json' });
  expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="datos-personales-\d{4}-\d{2}-\d{2}\.json"/);
  expect((json.body as Dossier).requests).toHaveLength(2);
  expect(JSON.stringify(json.body)).toContain(SIGNATURE);
  const csv = await http<string>(server.url, '/api/habeas/export', { token: officer.token, body: { ...PERSON, format: 'csv' } });
  expect(csv.headers.get('content-type')).toContain('text/csv');
  const radicado = (await officer.db.pqrsd.get(closed.id))?.radicado as string;
  // fetch's text() drops a BOM: look at the bytes.
  const raw = await fetch(`${server.url}/api/habeas/export`, {
    method: 'POST',
    headers: { authorization: `Bearer ${officer.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...PERSON, format: 'csv' }),
  });
  expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.body).toContain('Sección;Tipo de registro;Identificador;Campo;Valor\r\n');
  expect(csv.body).toContain(`;pqrsd;${closed.id};radicado;${radicado}\r\n`);
  expect(csv.body).toContain(`;pqrsd;${open.id};citizen.name;María Pérez\r\n`);

  // A device offline edits the phone of the closed request (it will come back after the suppression).
  filer.setOnline(false);
  await updateLocal(filer.db, 'pqrsd', closed.id, { citizen: { ...sampleFiling().citizen, phone: '3100000000' } });

  // 4. Rectify: one transaction, new revisions, every device pulls them.
  const bad = await admin('/api/habeas/rectify', { ...PERSON, changes: { email: 'no-es-correo' }, reason: 'Corrección pedida' });
  expect(bad.status).toBe(400);
  const fixed = await admin('/api/habeas/rectify', { ...PERSON, changes: { name: 'María Pérez Gómez', email: 'maria@example.org' }, reason: 'Reclamo de rectificación' });
  expect(fixed.status).toBe(200);
  expect(fixed.body.updated.map((u: { id: string }) => u.id).sort()).toEqual([open.id, closed.id, official.id, dsr.id].sort());
  await officer.syncNow();
  expect((await officer.db.pqrsd.get(open.id))?.citizen).toMatchObject({ name: 'María Pérez Gómez', email: 'maria@example.org', address: 'Calle 5 # 3-20, Miraflores' });
  expect((await officer.db.official.get(official.id))?.fullName).toBe('María Pérez Gómez');
  expect((await officer.db.data_subject_request.get(dsr.id))?.person.email).toBe('maria@example.org');

  // 5. Anonymise: the open request is refused (all or nothing), the closed one goes.
  const refused = await admin('/api/habeas/anonymise', { ...PERSON, reason: 'Reclamo de supresión', recordIds: [open.id, closed.id] });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('sigue abierta') });
  const done = await admin('/api/habeas/anonymise', { ...PERSON, reason: 'Reclamo de supresión', recordIds: [closed.id, official.id] });
  expect(done.status).toBe(200);
  // The roster entry comes back under a fresh id (the old one derived from the document).
  const newOfficialId = done.body.anonymised.find((a: { kind: string }) => a.kind === 'official')?.id as string;
  expect(newOfficialId).toMatch(/^[0-9a-f-]{36}$/);
  expect(newOfficialId).not.toBe(official.id);
  expect(done.body.anonymised.map((a: { id: string }) => a.id).sort()).toEqual([closed.id, newOfficialId].sort());
  const again = await admin('/api/habeas/anonymise', { ...PERSON, reason: 'Reclamo de supresión', recordIds: [closed.id] });
  expect(again.body).toMatchObject({ anonymised: [], kept: [{ id: closed.id, why: 'ya suprimido' }] });

  // 6. Devices pull the redacted record; it validates; the report still counts it.
  await officer.syncNow();
  const redacted = await officer.db.pqrsd.get(closed.id);
  expect(redacted?.citizen).toEqual({ idType: 'CC', idNumber: '', name: '', address: '', email: '', phone: '', redacted: true });
  expect(redacted?.redacted).toMatchObject({ reason: 'Reclamo de supresión' });
  expect(redacted).toMatchObject({ radicado, lifecycle: { state: 'respondida' } });
  expect(redacted?._search).not.toContain('maria');
  const { _rev, _sync, _base, _search, ...stored } = redacted as NonNullable<typeof redacted>;
  expect(pqrsdSchema.safeParse(stored).success).toBe(true);
  const lookup = await http<string>(server.url, `/portal/consulta?radicado=${radicado}&codigo=${redacted?.verificationCode}`);
  expect(lookup.body).toContain(REDACTED_LABEL);
  expect(await officer.db.official.get(official.id)).toBeUndefined();
  expect((await officer.db.official.get(newOfficialId))?.fullName).toBe(REDACTED_LABEL);
  expect(await officer.db.attendance_mark.get(mark.id)).toBeUndefined();
  expect((await officer.db.attendance_mark.where('officialId').equals(newOfficialId).toArray()).map((a) => a.signature)).toEqual([null]);
  expect((await officer.db.pqrsd.get(open.id))?.citizen.name).toBe('María Pérez Gómez');
  // The offline edit comes back: refused, kept in quarantine, the name not written back.
  filer.setOnline(true);
  await filer.syncNow();
  expect((await filer.db.quarantine.toArray()).map((q) => q.error.code)).toEqual(['INVALID_TRANSITION']);
  expect((await filer.db.pqrsd.get(closed.id))?.citizen).toMatchObject({ name: '', redacted: true });

  // 7. No role ever pulls the sealed copy; every stored record still validates.
  for (const role of ROLES) {
    const { token } = await login(server.url, DEMO_USER[role]);
    const changes = await pullAll(server.url, token, 2000);
    expect(changes.filter((c) => !(c.kind in RECORD_KINDS)), role).toEqual([]);
    for (const c of changes) expect(RECORD_KINDS[c.kind as 'pqrsd'].schema.safeParse(c.data).success, `${role} ${c.kind}`).toBe(true);
    const mine = changes.find((c) => c.id === closed.id);
    if (mine) expect(JSON.stringify(mine.data)).not.toMatch(/María|1234567|Calle 5/);
  }
  // The person is still found: the sealed copy links the anonymised records.
  const after = (await admin('/api/habeas/search', PERSON)).body.dossier as Dossier;
  expect(after.requests).toHaveLength(2);
  expect(after.sealed.map((s) => s.data.recordId).sort()).toEqual([closed.id, newOfficialId].sort());
  expect(after.sealed.find((s) => s.data.recordId === closed.id)?.data).toMatchObject({ name: 'María Pérez Gómez', idNumber: '1234567' });

  // 8. Audited, with no ID number or value in the entries; the chain verifies.
  const store = fleet.openStore();
  try {
    const entries = (await store.auditEntries('95200', 0, 100_000)).filter((e) => e.action.startsWith('habeas.'));
    expect(entries.map((e) => e.action)).toEqual([
      'habeas.search',
      'habeas.export',
      'habeas.export',
      'habeas.export',
      'habeas.rectify', // the invalid e-mail never reached the data: refused before, not audited
      'habeas.anonymise', // refused (open request)
      'habeas.anonymise',
      'habeas.anonymise',
      'habeas.search',
    ]);
    expect(entries.every((e) => e.userId === officer.user.id && e.deviceId === officer.deviceId)).toBe(true);
    expect(entries[4]?.detail).toMatchObject({ fields: ['email', 'name'] });
    expect(entries[5]?.detail).toMatchObject({ refused: 'INVALID_TRANSITION' });
    expect(entries[6]?.detail.records).toEqual(expect.arrayContaining([{ kind: 'pqrsd', id: closed.id }]));
    expect(JSON.stringify(entries)).not.toMatch(/1234567|María|maria@|Reclamo de supresión/);
  } finally {
    await store.close();
  }
  // DATA_DIR on PostgreSQL too: the server's audit key file is found next to it.
  const out = await adminCli(['verify-audit'], { GEL_DEMO: '0', DATA_DIR: server.dataDir, DATABASE_URL: fleet.databaseUrl ?? '' });
  expect(out.stdout).toMatch(/OK \d+ entries/);
}

describe.each(['sqlite', 'postgres'] as const)('a habeas-data round trip on %s', (dialect) => {
  it('search → export → rectify → anonymise → pull, audited', { timeout: 180_000 }, async () => {
    await roundTrip(dialect);
  });
});
