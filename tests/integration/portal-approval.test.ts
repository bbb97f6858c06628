// What is published is what was approved, and one push cannot fill the disk with history:
// over real HTTP against the real server process, on SQLite and on a throwaway PostgreSQL.
import 'fake-indexeddb/auto';
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { resolveConflict } from '../../src/modules/conflicts/resolve-conflict';
import { flushDrafts, newDraft, recordPortalStep, saveWorkingCopy } from '../../src/modules/portal/drafts';
import { uuidv7 } from '#shared/ids';
import { MAX_REVISIONS_PER_DRAFT, type PortalRevision } from '#shared/portal/portal-schema';
import { wholeBefore } from '#shared/portal/revision-changes';
import { postgresCluster } from '../helpers/postgres-cluster';
import { draftEdit } from '../helpers/fixtures';
import { DEMO_PASSWORD, http, login, serverOnDialectPerTest } from '../helpers/server-process';
import { sharedDraft } from '../helpers/portal-drafts';

const cluster = postgresCluster();
const fleet = serverOnDialectPerTest(cluster);
const { start, device } = fleet;

/** Rows and bytes of one draft's history as the store holds them. */
async function history(draftId: string): Promise<{ rows: number; bytes: number }> {
  if (fleet.databaseUrl) {
    const client = new pg.Client({ connectionString: fleet.databaseUrl });
    await client.connect();
    try {
      const r = await client.query(
        `SELECT count(*)::int AS rows, coalesce(sum(octet_length(data::text)), 0)::int AS bytes
         FROM records WHERE kind = 'portal_revision' AND data->>'draftId' = $1`,
        [draftId],
      );
      return r.rows[0] as { rows: number; bytes: number };
    } finally {
      await client.end();
    }
  }
  const db = new Database(sqliteFile(), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT count(*) AS rows, coalesce(sum(length(CAST(data AS BLOB))), 0) AS bytes
         FROM records WHERE kind = 'portal_revision' AND json_extract(data, '$.draftId') = ?`,
      )
      .get(draftId) as { rows: number; bytes: number };
  } finally {
    db.close();
  }
}

const sqliteFile = () => join(fleet.server.dataDir, 'gel-campo.sqlite');

/** Bytes the store takes: the PostgreSQL database, or the SQLite file and its write-ahead log. */
async function storageBytes(): Promise<number> {
  if (fleet.databaseUrl) {
    const client = new pg.Client({ connectionString: fleet.databaseUrl });
    await client.connect();
    try {
      const r = await client.query('SELECT pg_database_size(current_database())::bigint AS n');
      return Number((r.rows[0] as { n: string }).n);
    } finally {
      await client.end();
    }
  }
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  return size(sqliteFile()) + size(`${sqliteFile()}-wal`);
}

async function pushRaw(token: string, deviceId: string, mutations: unknown[], gzip = false) {
  const json = JSON.stringify({ deviceId, mutations });
  const res = await http<{ results: { status: string; rev?: number; error?: { code: string; details?: unknown } }[] }>(fleet.server.url, '/api/sync/push', {
    token,
    body: gzip ? new Uint8Array(gzipSync(json)) : json,
    headers: { 'x-device-id': deviceId, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
  });
  expect(res.status).toBe(200);
  return res.body.results;
}

const step = (draftId: string, action: string, extra: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  kind: 'portal_step',
  recordId: uuidv7(),
  op: 'create',
  baseRev: null,
  data: { draftId, action, note: '', at: new Date().toISOString(), ...extra },
  at: new Date().toISOString(),
});
const edit = draftEdit;

async function portalPage(slug: string): Promise<string> {
  const page = await http<string>(fleet.server.url, `/portal/contenido/${slug}`);
  expect(page.status).toBe(200);
  return page.body;
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (dialect) => {
  it('an approval of an older revision is refused; publishing shows exactly the approved text; only author and committee edit under review', async () => {
    const { url } = await start(dialect);
    const author = await device('funcionario');
    const other = await device('gobierno');
    const committee = await device('comite');
    const draft = await newDraft(author.db, author.ctx, 'tramites');
    await saveWorkingCopy(author.db, draft.id, { title: 'Pago del impuesto predial', body: 'Se paga en la ventanilla de la alcaldía.' });
    await recordPortalStep(author.db, author.ctx, draft.id, 'enviar_revision');
    await author.syncNow();
    await committee.syncNow();
    const read = await committee.db.portal_draft.get(draft.id);
    expect(read).toMatchObject({ status: 'en_revision', body: 'Se paga en la ventanilla de la alcaldía.' });

    // Another official edits the draft under review: refused by the server, nothing stored.
    await other.syncNow();
    await saveWorkingCopy(other.db, draft.id, { body: 'Pague en [este enlace](https://evil.example/pago).' });
    await flushDrafts(other.db);
    await other.syncNow();
    expect((await other.db.quarantine.toArray()).map((q) => q.error.code)).toEqual(['FORBIDDEN']);

    // Its author changes it after the committee read it.
    await author.syncNow();
    await saveWorkingCopy(author.db, draft.id, { body: 'Se paga en la ventanilla o en [el banco](https://banco.example/pse).' });
    await flushDrafts(author.db);
    await author.syncNow();

    // The committee approves what it read: refused; the draft stays in review with the new text.
    await recordPortalStep(committee.db, committee.ctx, draft.id, 'aprobar');
    await committee.syncNow();
    const refused = await committee.db.quarantine.toArray();
    expect(refused.map((q) => q.mutation.data.rev)).toEqual([read?._rev]);
    expect(refused[0]?.error).toMatchObject({ code: 'STALE_REVISION', details: { reviewedRev: read?._rev, fields: ['body'] } });
    const inReview = await committee.db.portal_draft.get(draft.id);
    expect(inReview).toMatchObject({ status: 'en_revision', approval: null, body: 'Se paga en la ventanilla o en [el banco](https://banco.example/pse).' });

    // An approval must name a revision that exists.
    const raw = await login(url, 'comite', DEMO_PASSWORD, committee.deviceId);
    const bad = await pushRaw(raw.token, committee.deviceId, [step(draft.id, 'aprobar'), step(draft.id, 'aprobar', { rev: (inReview?._rev ?? 0) + 1 })]);
    expect(bad.map((r) => [r.status, r.error?.code])).toEqual([
      ['rejected', 'VALIDATION_FAILED'],
      ['rejected', 'VALIDATION_FAILED'],
    ]);

    // Read again and approved: what it approved is what the portal shows.
    await recordPortalStep(committee.db, committee.ctx, draft.id, 'aprobar');
    await committee.syncNow();
    const approved = await committee.db.portal_draft.get(draft.id);
    expect(approved?.status).toBe('aprobado');
    expect(approved?.approval).toMatchObject({ rev: inReview?._rev, content: { body: inReview?.body, title: 'Pago del impuesto predial' } });
    // The author may no longer change it.
    await author.syncNow();
    await saveWorkingCopy(author.db, draft.id, { body: 'Cambio tardío del autor.' });
    await flushDrafts(author.db);
    await author.syncNow();
    expect((await author.db.quarantine.toArray()).map((q) => q.error.code)).toEqual(['FORBIDDEN']);

    await recordPortalStep(committee.db, committee.ctx, draft.id, 'publicar');
    await committee.syncNow();
    const published = await committee.db.portal_draft.get(draft.id);
    expect(published).toMatchObject({ status: 'publicado', publication: approved?.approval });
    const slug = published?.slug as string;
    expect(await portalPage(slug)).toContain('<a href="https://banco.example/pse"');

    // A committee change after publication sends it back to review; the portal keeps the approved text.
    const admin = await device('admin');
    await admin.syncNow();
    await saveWorkingCopy(admin.db, draft.id, { body: 'Se paga solo en [este enlace](https://otro.example/pago).' });
    await flushDrafts(admin.db);
    await admin.syncNow();
    await committee.syncNow();
    expect(await committee.db.portal_draft.get(draft.id)).toMatchObject({ status: 'en_revision', approval: null, publication: approved?.approval });
    let page = await portalPage(slug);
    expect(page).toContain('banco.example/pse');
    expect(page).not.toContain('otro.example');
    // Nothing approved to publish until the committee approves the new text.
    await recordPortalStep(committee.db, committee.ctx, draft.id, 'publicar');
    await committee.syncNow();
    expect((await committee.db.quarantine.toArray()).map((q) => q.error.code)).toEqual(['STALE_REVISION', 'INVALID_TRANSITION']);
    await recordPortalStep(committee.db, committee.ctx, draft.id, 'aprobar');
    await recordPortalStep(committee.db, committee.ctx, draft.id, 'publicar');
    await committee.syncNow();
    page = await portalPage(slug);
    expect(page).toContain('otro.example/pago');
    expect(page).not.toContain('banco.example');
  }, 90_000);

  it('deciding a conflict of a draft under review is editing it: its author may, another official may not', async () => {
    await start(dialect);
    const author = await device('funcionario');
    const other = await device('gobierno');
    const draft = await sharedDraft(author, [other], 'eventos', { title: 'Feria agropecuaria', body: 'El sábado.' });
    // Both change the text offline while it is a draft: the second to arrive becomes a conflict.
    author.setOnline(false);
    other.setOnline(false);
    await saveWorkingCopy(author.db, draft.id, { body: 'El sábado en el parque.' });
    await saveWorkingCopy(other.db, draft.id, { body: 'El domingo en la escuela.' });
    author.setOnline(true);
    other.setOnline(true);
    await author.syncNow();
    await other.syncNow();
    await recordPortalStep(author.db, author.ctx, draft.id, 'enviar_revision');
    await author.syncNow();
    await other.syncNow();

    const [seen] = await other.db.conflict.where('recordId').equals(draft.id).toArray();
    expect(seen).toMatchObject({ field: 'body', clientValue: 'El domingo en la escuela.', resolved: false });
    await resolveConflict(other.db, seen!, 'client');
    await other.syncNow();
    expect((await other.db.quarantine.toArray()).map((q) => [q.kind, q.error.code])).toEqual([
      ['portal_draft', 'FORBIDDEN'],
      ['conflict', 'FORBIDDEN'],
    ]);

    await author.syncNow();
    const [open] = await author.db.conflict.where('recordId').equals(draft.id).toArray();
    expect(open?.resolved).toBe(false);
    await resolveConflict(author.db, open!, 'client');
    await author.syncNow();
    expect(await author.db.quarantine.count()).toBe(0);
    expect((await author.db.conflict.get(open!.id))?.resolved).toBe(true);
    expect((await author.db.portal_draft.get(draft.id))?.body).toBe('El domingo en la escuela.');
  }, 90_000);

  it('one push of 80 updates of a 100 KB body writes one bounded history entry; a draft keeps its latest entries only', async () => {
    await start(dialect);
    const deviceId = uuidv7();
    const { token } = await login(fleet.server.url, 'funcionario', DEMO_PASSWORD, deviceId);
    const draftId = uuidv7();
    const body = (i: number) => `Pague aquí ${i}: https://evil.example/pago `.repeat(3_000).slice(0, 100_000);
    const create = {
      id: uuidv7(),
      kind: 'portal_draft',
      recordId: draftId,
      op: 'create',
      baseRev: null,
      data: { title: 'Pago', summary: '', body: body(0), category: 'noticias', tags: [], images: [], eventDate: null },
      at: new Date().toISOString(),
    };
    const updates = Array.from({ length: 80 }, (_, i) => edit(draftId, 1, { body: body(i + 1) }));
    const storageBefore = await storageBytes();
    expect(gzipSync(JSON.stringify({ deviceId, mutations: [create, ...updates] })).length).toBeLessThan(64_000);
    const results = await pushRaw(token, deviceId, [create, ...updates], true);
    expect(results.map((r) => r.status)).toEqual(Array(81).fill('applied'));

    // One entry, from the first body to the last: about two bodies, not 80 times two.
    const h = await history(draftId);
    expect(h.rows).toBe(1);
    expect(h.bytes).toBeLessThan(2 * Buffer.byteLength(body(80)) + 2_000);
    // The whole database (and SQLite's log) grew by a few times a body: about 0.6 MB on both
    // stores, where it grew 33 MB before history was bounded.
    expect((await storageBytes()) - storageBefore).toBeLessThan(2_000_000);

    // The committee pulls it and the history still reads as the whole change.
    const committee = await device('comite');
    await committee.syncNow();
    const entries = await committee.db.portal_revision.where('draftId').equals(draftId).toArray();
    expect(entries).toHaveLength(1);
    const change = (entries[0] as PortalRevision).changes[0];
    expect(entries[0]).toMatchObject({ rev: 81, since: expect.any(String) });
    expect(change?.field).toBe('body');
    expect(wholeBefore(change!, body(80))).toEqual({ value: body(0) });

    // Two people taking turns: every edit is an entry, but only the latest ones are kept.
    let rev = 81;
    const other = await login(fleet.server.url, 'comite', DEMO_PASSWORD, committee.deviceId);
    for (let i = 0; i < MAX_REVISIONS_PER_DRAFT + 5; i++) {
      const [who, dev] = i % 2 === 0 ? [token, deviceId] : [other.token, committee.deviceId];
      const [r] = await pushRaw(who, dev, [edit(draftId, rev, { title: `Pago, versión ${i}` })]);
      expect(r?.status).toBe('applied');
      rev = r?.rev as number;
    }
    expect((await history(draftId)).rows).toBe(MAX_REVISIONS_PER_DRAFT);
    await committee.syncNow();
    const kept = (await committee.db.portal_revision.where('draftId').equals(draftId).toArray()).map((r) => r.rev).sort((a, b) => a - b);
    expect(kept).toEqual(Array.from({ length: MAX_REVISIONS_PER_DRAFT }, (_, i) => rev - MAX_REVISIONS_PER_DRAFT + 1 + i));
  }, 90_000);
});
