// Suppression (habeas data, Ley 1581) reaches everything of the person, over real HTTP against
// the real server process, on SQLite and on a throwaway PostgreSQL:
//  - the scans attached to their requests are deleted (404, bytes gone from disk), while a
//    file another record still uses survives, in this municipality and in another one;
//  - their name and ID number in free text (with dots, upper case, no accents) are listed and
//    redacted in one step, and the redacted text reaches another device by pull;
//  - a suppressed official gets a fresh random id everywhere: attendance and evaluations point
//    at it, the old id is in no record, devices drop the old entry, and a mark taken offline
//    before the suppression is refused like one naming an official who never existed (mapping
//    it would link the ID number to the new id: see sync/hooks/retired-official-hooks.ts).
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getMeta } from '../../src/db/database';
import { addLocalFile, fileObjectUrl } from '../../src/files/local-files';
import { addOfficial, createCourse, createSession, markAttendance, recordEvaluation } from '../../src/modules/training/commands';
import type { Mention } from '#shared/habeas/api';
import { REDACTED_TEXT } from '#shared/habeas/text-match';
import type { FileTransport } from '../../src/sync/transport';
import { answerStep, createMutation, sampleFiling } from '../helpers/fixtures';
import { png } from '../helpers/images';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, login, pushAs, serverOnDialectPerTest, type Device } from '../helpers/server-process';
import { createCalamarAdmin } from '../helpers/admin-cli';

const M = '95200';
const PERSON = { idType: 'CC', idNumber: '1.121.234.567' } as const;
const NAME = 'María José Pérez Gómez';
const CITIZEN = { idType: 'CC', idNumber: '1121234567', name: NAME, address: 'Vereda El Progreso' } as const;
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgo=';

const cluster = postgresCluster();
const fleet = serverOnDialectPerTest(cluster);

/** Every file under the server's data directory whose name carries the hash. */
function onDisk(dir: string, hash: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((p) => p.includes(hash));
}

async function scenario(dialect: 'sqlite' | 'postgres'): Promise<void> {
  const server = await fleet.start(dialect);
  const filer = await fleet.device('funcionario');
  const officer = await fleet.device('admin');
  const trainer = await fleet.device('capacitador');
  const admin = (path: string, body: unknown) => http<any>(server.url, path, { token: officer.token, body, headers: { 'x-device-id': officer.deviceId } });

  // 1. At the window: the person's request with three scans; a neighbour's request that shares
  //    one of them and mentions the person in its description.
  const scans = { own: png(), shared: png(), elsewhere: png() };
  const ref = async (bytes: Uint8Array, name: string) => addLocalFile(filer.db, { name, type: 'image/png', bytes });
  const own = await ref(scans.own, 'cedula-frente.png');
  const shared = await ref(scans.shared, 'acta-vecinos.png');
  const elsewhere = await ref(scans.elsewhere, 'cedula-reverso.png');
  const mine = await filer.file(sampleFiling({ citizen: CITIZEN, subject: 'Solicitud de María José Pérez sobre la vía', files: [own, shared, elsewhere] }));
  const neighbour = await filer.file(
    sampleFiling({
      citizen: { idType: 'CC', idNumber: '7654321', name: 'Pedro Gómez', address: 'Vereda La Paz' },
      description: 'Firmada también por la vecina MARIA JOSE PEREZ GOMEZ, c.c. 1.121.234.567; y por Mariana Pérez.',
      files: [shared],
    }),
  );
  await filer.syncNow();
  expect(await filer.db.file.where('state').equals('sent').count()).toBe(3);

  // Another municipality holds the same bytes as one scan, for a record of its own.
  const calamarEnv = fleet.databaseUrl ? { DATABASE_URL: fleet.databaseUrl } : { DATA_DIR: server.dataDir };
  await createCalamarAdmin(calamarEnv, 'Calamar-Guaviare-río-2026');
  const calamar = await login(server.url, 'calamar', 'Calamar-Guaviare-río-2026');
  const start = await http<any>(server.url, `/api/blobs/${elsewhere.hash}/start`, { token: calamar.token, body: { size: elsewhere.size, type: 'image/png', name: 'otro.png' } });
  expect(start.status).toBe(200);
  if (!start.body.complete) {
    const put = await http(server.url, `/api/blobs/${elsewhere.hash}?offset=0`, { method: 'PUT', token: calamar.token, body: scans.elsewhere, headers: { 'content-type': 'application/octet-stream' } });
    expect(put.status).toBe(200);
  }
  const theirs = await http<any>(server.url, '/api/sync/push', { token: calamar.token, body: { deviceId: 'device-cala-01', mutations: [createMutation({ files: [elsewhere] })] } });
  expect(theirs.body.results[0].status).toBe('applied');

  // 2. The roster: the same person was an official (inactive now), called to a session,
  //    marked present with a signature and evaluated.
  const official = await addOfficial(officer.db, officer.ctx, { idType: 'CC', idNumber: '1121234567', fullName: NAME, dependencia: 'Hacienda', active: false });
  const course = await createCourse(officer.db, officer.ctx, { semester: '2026-1', name: 'Hoja de cálculo', hours: 8, scaleMax: 5, passThreshold: 3 });
  const session = await createSession(officer.db, officer.ctx, { courseId: course.id, date: '2026-03-12', startTime: '08:00', endTime: '12:00', place: 'Sala de sistemas', trainer: 'Capacitador', convened: [official.id] });
  const mark = await markAttendance(officer.db, officer.ctx, { sessionId: session.id, officialId: official.id, status: 'present', signature: SIGNATURE });
  const evaluation = await recordEvaluation(officer.db, officer.ctx, { courseId: course.id, officialId: official.id, score: 4, takenOn: '2026-03-12' });
  await officer.syncNow();
  // The officer's device caches two of the scans (opened once).
  const files = officer.transport as unknown as FileTransport;
  for (const f of [own, shared]) await fileObjectUrl(officer.db, f, (h) => files.download(h));
  expect(await officer.db.file.count()).toBe(2);
  // A trainer's device holds the roster, then goes offline and marks them at a second session.
  await trainer.syncNow();
  expect(await trainer.db.official.get(official.id)).toBeDefined();
  const second = await createSession(officer.db, officer.ctx, { courseId: course.id, date: '2026-03-19', startTime: '08:00', endTime: '12:00', place: 'Sala de sistemas', trainer: 'Capacitador' });
  await officer.syncNow();
  await trainer.syncNow();
  trainer.setOnline(false);
  const lateMark = await markAttendance(trainer.db, trainer.ctx, { sessionId: second.id, officialId: official.id, status: 'late' });

  // 3. The request is answered (closed), in words that name the person.
  const answer = answerStep(mine.id, 'Se respondió a María Pérez (CC 1121234567) por escrito.');
  const step = await pushAs(server.url, officer, [answer]);
  expect(step.body.results[0].status).toBe('applied');

  // 4. The search lists every free-text mention, with field and context; not "Mariana Pérez".
  const found = await admin('/api/habeas/search', PERSON);
  expect(found.status).toBe(200);
  const mentions = found.body.mentions as Mention[];
  const where = mentions.map((x) => `${x.kind}/${x.id}/${x.field}`).sort();
  expect(where).toEqual([`pqrsd/${mine.id}/subject`, `pqrsd/${neighbour.id}/description`, `pqrsd_event/${answer.recordId}/action.answer`].sort());
  const described = mentions.find((x) => x.id === neighbour.id) as Mention;
  expect(described).toMatchObject({ fieldLabel: 'Descripción', snippets: [expect.stringContaining('MARIA JOSE PEREZ GOMEZ'), expect.stringContaining('1.121.234.567')] });
  expect(mentions.find((x) => x.kind === 'pqrsd_event')?.label).toMatch(/^95200-2026-\d{6}$/);

  // 5. Suppression of the closed request and the roster entry: files released, a new id.
  const done = await admin('/api/habeas/anonymise', { ...PERSON, reason: 'Reclamo de supresión', recordIds: [mine.id, official.id] });
  expect(done.status).toBe(200);
  expect(done.body.files).toEqual({ deleted: 2, kept: 1 });
  expect(done.body.mentions).toHaveLength(3); // free text is a separate, reviewed step
  const newId = done.body.anonymised.find((a: { kind: string }) => a.kind === 'official').id as string;
  expect(newId).not.toBe(official.id);

  // Files: the person's own scan is gone (404, no bytes on disk); the shared one stays; the
  // one another municipality holds is out of this municipality's reach but still theirs.
  const get = (hash: string, token: string) => fetch(`${server.url}/api/blobs/${hash}`, { headers: { authorization: `Bearer ${token}` } });
  expect((await get(own.hash, officer.token)).status).toBe(404);
  expect(onDisk(server.dataDir, own.hash)).toEqual([]);
  expect((await get(shared.hash, officer.token)).status).toBe(200);
  expect((await get(elsewhere.hash, officer.token)).status).toBe(404);
  const kept = await get(elsewhere.hash, calamar.token);
  expect(kept.status).toBe(200);
  expect(createHash('sha256').update(new Uint8Array(await kept.arrayBuffer())).digest('hex')).toBe(elsewhere.hash);

  // 6. One step redacts every mention; a second search finds none.
  const redacted = await admin('/api/habeas/redact', { ...PERSON, reason: 'Supresión en texto libre' });
  expect(redacted.status).toBe(200);
  expect(redacted.body.redacted.map((r: { id: string }) => r.id).sort()).toEqual([mine.id, neighbour.id, answer.recordId].sort());
  expect(redacted.body.mentions).toEqual([]);
  expect((await admin('/api/habeas/search', PERSON)).body.mentions).toEqual([]);

  // Only roles that read the roster start their pull over; an official's device goes on.
  const pullFrom = async (d: Device) => (await http<any>(server.url, '/api/sync/pull', { token: d.token, body: { cursor: await getMeta(d.db, 'cursor'), limit: 1 } })).body;
  expect((await pullFrom(officer)).reset).toBe(true);
  expect((await pullFrom(filer)).reset).toBeUndefined();

  // 7. Devices pull it all: the filer's copy of the neighbour's request is redacted; the
  //    officer's device drops the scan it cached and the old roster entry.
  await filer.syncNow();
  const text = (await filer.db.pqrsd.get(neighbour.id))?.description as string;
  expect(text).toBe(`Firmada también por la vecina ${REDACTED_TEXT}, c.c. ${REDACTED_TEXT}; y por Mariana Pérez.`);
  expect((await filer.db.pqrsd.get(mine.id))?.files).toEqual([]);
  // The device that took the scans keeps only the one another request still uses.
  expect((await filer.db.file.toArray()).map((f) => f.hash)).toEqual([shared.hash]);
  await officer.syncNow();
  expect(await officer.db.file.get(own.hash)).toBeUndefined();
  expect(await officer.db.file.get(shared.hash)).toBeDefined();
  expect(await officer.db.official.get(official.id)).toBeUndefined();
  expect(await officer.db.official.get(newId)).toBeDefined();
  // The trainer comes back: its offline mark names the old id and is refused, saying only
  // that the official is not on the roster; the old entry is dropped.
  trainer.setOnline(true);
  await trainer.syncNow();
  expect(await trainer.db.outbox.count()).toBe(0);
  const refused = await trainer.db.quarantine.toArray();
  expect(refused.map((q) => [q.mutation.recordId, q.error.code, q.error.message])).toEqual([[lateMark.id, 'RECORD_NOT_FOUND', 'El funcionario no está en el listado']]);
  expect(JSON.stringify(refused)).not.toContain(newId);
  expect(await trainer.db.official.get(official.id)).toBeUndefined();
  expect((await trainer.db.attendance_mark.where('officialId').equals(newId).toArray()).map((a) => a.status)).toEqual(['present']);

  // 8. In the store: the old id is in no record; attendance, evaluations and sessions point
  //    at the new one; the audit never puts the two ids in one entry.
  const store = fleet.openStore();
  try {
    expect(await store.transaction('95200', (tx) => tx.recordsMentioning(M, official.id, 10))).toEqual([]);
    for (const [kind, id] of [['official', official.id], ['attendance_mark', mark.id], ['evaluation', evaluation.id]] as const) {
      expect(await store.getRecord(M, kind, id), kind).toBeNull();
    }
    const marks = (await store.recordsOfKind(M, 'attendance_mark')).map((r) => r.data);
    expect(marks.map((d) => [d.officialId, d.status, d.signature])).toEqual([[newId, 'present', null]]);
    expect((await store.recordsOfKind(M, 'evaluation')).map((r) => r.data.officialId)).toEqual([newId]);
    expect((await store.getRecord(M, 'training_session', session.id))?.data.convened).toEqual([newId]);
    expect(JSON.stringify(await store.getRecord(M, 'pqrsd', neighbour.id))).not.toMatch(/1\.?121\.?234\.?567|MARIA JOSE/);
    const audit = await store.auditEntries('95200', 0, 100_000);
    expect(audit.filter((e) => JSON.stringify(e).includes(official.id) && JSON.stringify(e).includes(newId))).toEqual([]);
    expect(audit.find((e) => e.action === 'habeas.anonymise')?.detail.files).toEqual({ deleted: 2, kept: 1 });
    const redactEntry = audit.find((e) => e.action === 'habeas.redact');
    expect(redactEntry?.detail.records).toEqual(expect.arrayContaining([{ kind: 'pqrsd', id: neighbour.id, fields: ['description'] }]));
    expect(JSON.stringify(audit.filter((e) => e.action.startsWith('habeas.')))).not.toMatch(/1121234567|María|MARIA|Supresión en texto/);
  } finally {
    await store.close();
  }
}

describe.each(['sqlite', 'postgres'] as const)('suppression reaches files, free text and ids on %s', (dialect) => {
  it('deletes the scans, redacts the free text in one step, re-keys the official', { timeout: 180_000 }, async () => {
    await scenario(dialect);
  });
});
