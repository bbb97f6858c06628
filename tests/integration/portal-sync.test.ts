import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { flushDrafts, newDraft, recordPortalStep, saveWorkingCopy } from '../../src/modules/portal/drafts';
import { resolveConflict } from '../../src/modules/conflicts/resolve-conflict';
import { freePort, http, serverOnDialectPerTest } from '../helpers/server-process';
import { sharedDraft } from '../helpers/portal-drafts';

const fleet = serverOnDialectPerTest();
const { device } = fleet;
let cms: Server | null = null;

afterEach(async () => {
  await new Promise<void>((r) => (cms ? cms.close(() => r()) : r()));
  cms = null;
});

describe('a draft edited on two devices', () => {
  it('conflict → resolved on one → both converge; approve → publish → on the portal', async () => {
    const server = await fleet.start('sqlite');
    const a = await device('funcionario');
    const b = await device('comite');
    const draft = await sharedDraft(a, [b], 'noticias', { title: 'Jornada de vacunación', body: 'Texto inicial.' });
    expect((await b.db.portal_draft.get(draft.id))?.title).toBe('Jornada de vacunación');

    // Both offline: the same field changed differently, another field on one side only.
    a.setOnline(false);
    b.setOnline(false);
    await saveWorkingCopy(a.db, draft.id, { body: 'La jornada es el sábado en el parque principal.' });
    await saveWorkingCopy(b.db, draft.id, { body: 'La jornada es el domingo en el puesto de salud.', summary: 'Vacunación gratuita' });
    a.setOnline(true);
    b.setOnline(true);
    await b.syncNow();
    await a.syncNow();
    await b.syncNow();

    const conflictsA = await a.db.conflict.where('recordId').equals(draft.id).toArray();
    expect(conflictsA).toHaveLength(1);
    expect(conflictsA[0]).toMatchObject({
      field: 'body',
      serverValue: 'La jornada es el domingo en el puesto de salud.',
      clientValue: 'La jornada es el sábado en el parque principal.',
      resolved: false,
    });
    // Nothing overwritten silently: the server kept B's body, A's is in the conflict; B's summary merged in.
    expect((await a.db.portal_draft.get(draft.id))?.summary).toBe('Vacunación gratuita');

    await resolveConflict(a.db, conflictsA[0]!, 'custom', 'La jornada es el domingo en el puesto de salud, de 8 a 12.');
    await a.syncNow();
    await b.syncNow();
    const [onA, onB] = [await a.db.portal_draft.get(draft.id), await b.db.portal_draft.get(draft.id)];
    expect(onA?.body).toBe('La jornada es el domingo en el puesto de salud, de 8 a 12.');
    expect(onB?.body).toBe(onA?.body);
    expect(onB?.summary).toBe(onA?.summary);
    expect((await b.db.conflict.get(conflictsA[0]!.id))?.resolved).toBe(true);
    expect(await b.db.portal_revision.where('draftId').equals(draft.id).count()).toBeGreaterThanOrEqual(3);

    // The workflow: the official sends it, the committee approves and publishes.
    await recordPortalStep(a.db, a.ctx, draft.id, 'enviar_revision');
    await a.syncNow();
    await b.syncNow();
    expect((await b.db.portal_draft.get(draft.id))?.status).toBe('en_revision');
    // An official cannot approve: refused by the server and kept in quarantine with the reason.
    await recordPortalStep(a.db, a.ctx, draft.id, 'aprobar');
    await a.syncNow();
    expect((await a.db.quarantine.toArray()).map((q) => q.error.code)).toEqual(['INVALID_TRANSITION']);
    await recordPortalStep(b.db, b.ctx, draft.id, 'aprobar');
    await recordPortalStep(b.db, b.ctx, draft.id, 'publicar');
    await b.syncNow();
    const published = await b.db.portal_draft.get(draft.id);
    expect(published?.status).toBe('publicado');
    expect(published?.slug).toMatch(/^jornada-de-vacunacion-[0-9a-f]{6}$/);

    const page = await http<string>(server.url, `/portal/contenido/${published?.slug}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Jornada de vacunación</h1>');
    expect(page.body).toContain('de 8 a 12.');
    // Revalidated at every request (no max-age to serve a stale copy from), cheap with the ETag.
    expect(page.headers.get('cache-control')).toBe('public, no-cache');
    const home = await http<string>(server.url, '/portal');
    expect(home.body).toContain(`/portal/contenido/${published?.slug}`);
    expect(home.headers.get('cache-control')).toBe('public, no-cache');
    const homeTag = home.headers.get('etag') ?? '';
    expect(homeTag).not.toBe('');
    expect((await http(server.url, '/portal', { headers: { 'if-none-match': homeTag } })).status).toBe(304);
    const feed = await http<string>(server.url, '/portal/feed.atom');
    expect(feed.body).toContain('<title>Jornada de vacunación</title>');
    const sitemap = await http<string>(server.url, '/sitemap.xml');
    expect(sitemap.body).toContain(`/portal/contenido/${published?.slug}`);
    const search = await http<string>(server.url, '/portal/buscar?q=vacunacion%20domingo');
    expect(search.body).toContain(`/portal/contenido/${published?.slug}`);

    // Withdrawn: gone from the portal.
    await recordPortalStep(b.db, b.ctx, draft.id, 'retirar');
    await b.syncNow();
    expect((await http(server.url, `/portal/contenido/${published?.slug}`)).status).toBe(404);
    // A visitor's browser revalidating its copy of the home page gets the new one, without the item.
    const after = await http<string>(server.url, '/portal', { headers: { 'if-none-match': homeTag } });
    expect(after.status).toBe(200);
    expect(after.body).not.toContain(`/portal/contenido/${published?.slug}`);
  });
});

describe('the outbound connector', () => {
  it('delivers a publication to an external CMS that fails at first, across a server restart', async () => {
    const received: unknown[] = [];
    let failures = 3;
    const port = await freePort();
    cms = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failures-- > 0) {
          res.statusCode = 503;
          return res.end('down');
        }
        received.push(JSON.parse(body));
        res.end('ok');
      });
    }).listen(port, '127.0.0.1');
    const server = await fleet.start('sqlite', { PORTAL_PUBLISH_URL: `http://127.0.0.1:${port}/ingest`, PORTAL_PUBLISH_INTERVAL_MS: '200', PORTAL_PUBLISH_RETRY_MS: '300' });
    const b = await device('comite');
    const draft = await newDraft(b.db, b.ctx, 'eventos');
    await saveWorkingCopy(b.db, draft.id, { title: 'Feria agropecuaria', body: 'Del 5 al 7 de diciembre.' });
    await flushDrafts(b.db);
    for (const action of ['enviar_revision', 'aprobar', 'publicar'] as const) await recordPortalStep(b.db, b.ctx, draft.id, action);
    await b.syncNow();
    expect((await b.db.portal_draft.get(draft.id))?.status).toBe('publicado');
    await new Promise((r) => setTimeout(r, 300));
    await server.restart(); // the queue is in the database: nothing is lost
    const deadline = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ event: 'publish', municipality: '95200', item: { title: 'Feria agropecuaria', status: 'publicado' } });
  }, 60_000);
});
