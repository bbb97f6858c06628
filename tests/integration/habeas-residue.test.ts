// What a suppression (habeas data) used to leave behind, over real HTTP against the real server
// process, on SQLite and on a throwaway PostgreSQL:
//  - the name and cédula in a published portal item: its approved and published copies, its
//    history, what went to the external CMS (the portal page, the feed and the CMS get the
//    redacted text, without a new approval);
//  - an ID scan whose hash someone who never held it wrote into a record of their own;
//  - a suppressed official's new id, revealed by a change naming the id derived from their
//    cédula (answered exactly like an id that never existed);
//  - the official's cédula in the stored answers of changes (receipts).
// And at the end no table of the database holds the name or a number outside the sealed copy.
import 'fake-indexeddb/auto';
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { addLocalFile } from '../../src/files/local-files';
import { flushDrafts, newDraft, recordPortalStep, saveWorkingCopy } from '../../src/modules/portal/drafts';
import { addOfficial, createCourse, createSession } from '../../src/modules/training/commands';
import { REDACTED_TEXT } from '#shared/habeas/text-match';
import { uuidv7 } from '#shared/ids';
import { officialIdFor } from '#shared/training/official-id';
import { SEALED_KIND } from '../../sync-server/habeas/sealed';
import { sampleFiling } from '../helpers/fixtures';
import { png } from '../helpers/images';
import { postgresCluster } from '../helpers/postgres-cluster';
import { freePort, http, login, makeDevice, startServerProcess, type Device, type ServerProcess } from '../helpers/server-process';

const M = '95200';
const MARIA = { idType: 'CC', idNumber: '1122334455', name: 'María López' } as const;
const OFFICIAL = { idType: 'CC', idNumber: '99887766', fullName: 'Jorge Iván Castro Ruiz' } as const;
/** Every way the two people are written here (and would be found if left anywhere). */
const LEFTOVERS = [/mar[ií]a\s+l[oó]pez/i, /1\.?122\.?334\.?455/, /99\.?887\.?766/, /jorge\s+iv[aá]n/i];
const AT = '2026-03-12T14:00:00.000Z';

const cluster = postgresCluster();

/** Plain SQL on the server's database, beside the running server. */
interface Db {
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Every row of every table, as JSON text, with the table it is in. */
  everything(): Promise<{ table: string; row: string; kind?: unknown }[]>;
  close(): Promise<void>;
}

function sqliteDb(dataDir: string): Db {
  const db = new Database(join(dataDir, 'gel-campo.sqlite'));
  db.pragma('busy_timeout = 5000');
  return {
    rows: async (sql, params = []) => {
      const statement = db.prepare(sql.replace(/\$\d+/g, '?'));
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    },
    everything: async () => {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      return tables.flatMap((table) => (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map((r) => ({ table, row: JSON.stringify(r), kind: r.kind })));
    },
    close: async () => void db.close(),
  };
}

async function postgresDb(url: string): Promise<Db> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    rows: async (sql, params = []) => (await client.query(sql, params)).rows,
    everything: async () => {
      const tables = (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)).rows.map((t) => String(t.table_name));
      const out: { table: string; row: string; kind?: unknown }[] = [];
      for (const table of tables) {
        for (const r of (await client.query(`SELECT row_to_json(t) AS j FROM "${table}" AS t`)).rows) out.push({ table, row: JSON.stringify(r.j), kind: r.j.kind });
      }
      return out;
    },
    close: () => client.end(),
  };
}

/** A stand-in for the external CMS: keeps every item it is sent. */
async function fakeCms(): Promise<{ url: string; received: { event: string; item: Record<string, unknown> }[]; server: Server }> {
  const received: { event: string; item: Record<string, unknown> }[] = [];
  const port = await freePort();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  }).listen(port, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}/ingest`, received, server };
}

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const create = (kind: string, data: Record<string, unknown>, recordId: string = uuidv7()) => ({ id: uuidv7(), kind, recordId, op: 'create', baseRev: null, data, at: AT });

async function scenario(server: ServerProcess, db: Db, cms: Awaited<ReturnType<typeof fakeCms>>): Promise<void> {
  const devices: Device[] = [];
  const device = async (username: string) => {
    const d = await makeDevice(server.url, username);
    devices.push(d);
    return d;
  };
  try {
    const filer = await device('funcionario');
    const officer = await device('admin');
    const committee = await device('comite');
    const admin = (path: string, body: unknown) => http<any>(server.url, path, { token: officer.token, body, headers: { 'x-device-id': officer.deviceId } });
    const push = async (token: string, deviceId: string, mutations: unknown[]) => {
      const res = await http<any>(server.url, '/api/sync/push', { token, body: { deviceId, mutations }, headers: { 'x-device-id': deviceId } });
      expect(res.status).toBe(200);
      return res.body.results as { status: string; mutationId: string; serverFields?: Record<string, unknown>; error?: { code: string; message: string } }[];
    };

    // 1. María López files a request with the scan of her cédula; it is answered (closed).
    const scan = await addLocalFile(filer.db, { name: 'cedula.png', type: 'image/png', bytes: png() });
    const request = await filer.file(sampleFiling({ citizen: { ...MARIA, address: 'Vereda El Progreso' }, files: [scan] }));
    await filer.syncNow();
    expect(await filer.db.file.where('state').equals('sent').count()).toBe(1);
    const answer = create('pqrsd_event', { requestId: request.id, date: '2026-03-20', note: '', action: { type: 'responder', answer: 'Respondida por escrito.', denied: false, documentName: null } });
    expect((await push(officer.token, officer.deviceId, [answer]))[0]?.status).toBe('applied');

    // 2. gobierno, who never held the scan, writes its hash into a draft of their own.
    const gobiernoDevice = uuidv7();
    const gobierno = await login(server.url, 'gobierno', undefined, gobiernoDevice);
    const borrowed = { title: 'Borrador', summary: '', body: '', category: 'noticias', tags: [], images: [{ id: uuidv7(), name: 'x.png', alt: '', hash: scan.hash }], eventDate: null };
    expect((await push(gobierno.token, gobiernoDevice, [create('portal_draft', borrowed)]))[0]?.status).toBe('applied');

    // 3. A published item names her: the text approved and published, its history, the CMS.
    const draft = await newDraft(committee.db, committee.ctx, 'noticias');
    await saveWorkingCopy(committee.db, draft.id, { title: 'Reunión en la vereda', summary: 'Intervino Maria Lopez (CC 1.122.334.455).', body: 'Acta de la reunión.' });
    await flushDrafts(committee.db);
    await committee.syncNow();
    await saveWorkingCopy(committee.db, draft.id, { body: 'Acta: Maria Lopez (CC 1.122.334.455) pidió arreglar la vía.', tags: ['María López'] });
    await flushDrafts(committee.db);
    for (const action of ['enviar_revision', 'aprobar', 'publicar'] as const) await recordPortalStep(committee.db, committee.ctx, draft.id, action);
    await committee.syncNow();
    expect(await committee.db.quarantine.count()).toBe(0);
    const slug = (await committee.db.portal_draft.get(draft.id))?.slug as string;
    const portal = async () => {
      const [page, feed] = [await http<string>(server.url, `/portal/contenido/${slug}`), await http<string>(server.url, '/portal/feed.atom')];
      expect([page.status, feed.status]).toEqual([200, 200]);
      return page.body + feed.body;
    };
    expect(await portal()).toContain('Maria Lopez (CC 1.122.334.455)');
    await until('the publication at the CMS', () => cms.received.length === 1);

    // 4. An official (inactive now) with a mark; a receipt an earlier server wrote with their cédula.
    await addOfficial(officer.db, officer.ctx, { ...OFFICIAL, dependencia: 'Hacienda', active: false });
    const course = await createCourse(officer.db, officer.ctx, { semester: '2026-1', name: 'Hoja de cálculo', hours: 8, scaleMax: 5, passThreshold: 3 });
    const session = await createSession(officer.db, officer.ctx, { courseId: course.id, date: '2026-03-12', startTime: '08:00', endTime: '12:00', place: 'Sala', trainer: 'Capacitador' });
    await officer.syncNow();
    const official = (await officer.db.official.toArray()).find((o) => o.idNumber === OFFICIAL.idNumber);
    expect(official?._sync).toBe('synced');
    const trainerDevice = uuidv7();
    const trainer = await login(server.url, 'capacitador', undefined, trainerDevice);
    const mark = (officialId: string) => create('attendance_mark', { sessionId: session.id, officialId, status: 'present', markedAt: AT, signature: null, legalBasisVersion: '1' });
    expect((await push(trainer.token, trainerDevice, [mark(official?.id as string)]))[0]?.status).toBe('applied');
    // The server no longer answers an ID number back, and refuses one not in its single spelling.
    const withCedula = async () => (await db.rows(`SELECT mutation_id FROM receipts WHERE CAST(result AS TEXT) LIKE $1`, ['%99887766%'])).length;
    expect(await withCedula()).toBe(0);
    const dotted = { idType: 'CC', idNumber: '52.345.678', fullName: 'Ana Gómez Ruiz', dependencia: 'Hacienda' };
    const dottedId = await officialIdFor(officer.ctx.officialIdKey as string, M, 'CC', '52345678');
    expect((await push(officer.token, officer.deviceId, [create('official', dotted, dottedId)]))[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
    const legacy = uuidv7();
    const legacyResult = JSON.stringify({ status: 'applied', mutationId: legacy, rev: 1, serverFields: { idNumber: OFFICIAL.idNumber } });
    await db.rows('INSERT INTO receipts (mutation_id, device_id, user_id, result, at) VALUES ($1, $2, $3, $4, $5)', [legacy, officer.deviceId, officer.user.id, legacyResult, AT]);
    expect(await withCedula()).toBe(1);

    // 5. Suppression of María: the scan goes although gobierno's draft names its hash.
    const suppressed = await admin('/api/habeas/anonymise', { idType: 'CC', idNumber: '1.122.334.455', reason: 'Reclamo de supresión' });
    expect(suppressed.status).toBe(200);
    expect(suppressed.body.files).toEqual({ deleted: 1, kept: 0 });
    for (const token of [filer.token, gobierno.token, officer.token]) {
      expect((await fetch(`${server.url}/api/blobs/${scan.hash}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    }
    expect((readdirSync(server.dataDir, { recursive: true }) as string[]).filter((p) => p.includes(scan.hash))).toEqual([]);

    // 6. Her name and number in the published item: listed, then redacted in one step.
    const mentioned = suppressed.body.mentions.filter((m: { id: string }) => m.id === draft.id).map((m: { field: string }) => m.field);
    expect(mentioned).toEqual(expect.arrayContaining(['summary', 'approval.content.summary', 'publication.content.summary', 'publication.content.body', 'publication.content.tags.0']));
    const redacted = await admin('/api/habeas/redact', { idType: 'CC', idNumber: '1122334455', reason: 'Supresión en texto libre' });
    expect(redacted.status).toBe(200);
    expect(redacted.body.mentions).toEqual([]);
    expect(redacted.body.redacted.map((r: { kind: string }) => r.kind).sort()).toEqual(['portal_draft', 'portal_revision']);
    const shown = await portal();
    for (const left of LEFTOVERS) expect(shown).not.toMatch(left);
    expect(shown).toContain(`Intervino ${REDACTED_TEXT} (CC ${REDACTED_TEXT}).`);
    // Still published, as approved: no new approval, and the CMS gets the redacted text.
    await committee.syncNow();
    expect(await committee.db.portal_draft.get(draft.id)).toMatchObject({ status: 'publicado', summary: `Intervino ${REDACTED_TEXT} (CC ${REDACTED_TEXT}).` });
    await until('the redacted item at the CMS', () => cms.received.length === 2);
    expect(cms.received[1]).toMatchObject({ event: 'publish', item: { id: draft.id, status: 'publicado', body: `Acta: ${REDACTED_TEXT} (CC ${REDACTED_TEXT}) pidió arreglar la vía.` } });

    // 7. Suppression of the official: a change naming the id derived from their cédula is
    //    answered exactly like one naming an official who never existed.
    const done = await admin('/api/habeas/anonymise', { idType: 'CC', idNumber: OFFICIAL.idNumber, reason: 'Reclamo de supresión' });
    expect(done.status).toBe(200);
    const newId = done.body.anonymised[0].id as string;
    const key = trainer.officialIdKey as string;
    const oldId = await officialIdFor(key, M, 'CC', OFFICIAL.idNumber);
    expect(oldId).toBe(official?.id);
    const answers = async (officialId: string) => {
      const changes = [
        mark(officialId),
        create('evaluation', { courseId: course.id, officialId, score: 4, takenOn: '2026-03-12', recordedAt: AT }),
        create('training_session', { courseId: course.id, date: '2026-03-19', startTime: '08:00', endTime: '12:00', place: 'Sala', trainer: 'Capacitador', convened: [officialId] }),
      ];
      return (await push(trainer.token, trainerDevice, changes)).map(({ mutationId: _, ...rest }) => rest);
    };
    const forSuppressed = await answers(oldId);
    expect(forSuppressed).toEqual(await answers(await officialIdFor(key, M, 'CC', '1098000111')));
    expect(forSuppressed).toEqual(await answers(uuidv7()));
    expect(forSuppressed).toEqual(Array(3).fill({ status: 'rejected', error: { code: 'RECORD_NOT_FOUND', message: 'El funcionario no está en el listado' } }));
    expect(JSON.stringify(forSuppressed)).not.toContain(newId);

    // 8. No receipt keeps the cédula; the one an earlier server wrote is redacted.
    expect(await withCedula()).toBe(0);
    const [rewritten] = await db.rows('SELECT result FROM receipts WHERE mutation_id = $1', [legacy]);
    const result = typeof rewritten?.result === 'string' ? JSON.parse(rewritten.result) : rewritten?.result;
    expect(result).toEqual({ status: 'applied', mutationId: legacy, rev: 1, serverFields: { idNumber: REDACTED_TEXT } });

    // 9. Nowhere in the database but the sealed copy: records, receipts, CMS queue, audit, all.
    const rows = await db.everything();
    expect(rows.filter((r) => r.table === 'records' && r.kind === SEALED_KIND).length).toBe(2);
    const left = rows.filter((r) => !(r.table === 'records' && r.kind === SEALED_KIND) && LEFTOVERS.some((p) => p.test(r.row)));
    expect(left.map((r) => `${r.table}: ${r.row.slice(0, 200)}`)).toEqual([]);
  } finally {
    for (const d of devices) await d.close();
  }
}

describe.each(['sqlite', 'postgres'] as const)('suppression leaves nothing behind on %s', (dialect) => {
  it('published text, a borrowed scan hash, a re-identifying id, receipts', { timeout: 180_000 }, async () => {
    const cms = await fakeCms();
    const url = dialect === 'postgres' ? await cluster.newDatabase() : null;
    const server = await startServerProcess({ PORTAL_PUBLISH_URL: cms.url, PORTAL_PUBLISH_INTERVAL_MS: '200', PORTAL_PUBLISH_RETRY_MS: '300', ...(url ? { DATABASE_URL: url } : {}) });
    const db = url ? await postgresDb(url) : sqliteDb(server.dataDir);
    try {
      await scenario(server, db, cms);
    } finally {
      await db.close();
      await server.stop();
      cms.server.close();
    }
  });
});
