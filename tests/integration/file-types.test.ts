// Files are inert: the server decides a file's type from its bytes against an allow-list (JPEG,
// PNG, WebP, PDF), refuses the rest with a Spanish reason, and serves every file with that type,
// nosniff, a sandboxing CSP, and anything but a photo as a download; the portal runs no script.
// The attack it closes: an "image" that is a page reading the signed-in user's data. Real server
// over real HTTP, on SQLite and on PostgreSQL.
import 'fake-indexeddb/auto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLocalFile } from '../../src/files/local-files';
import { flushDrafts, newDraft, recordPortalStep, saveWorkingCopy } from '../../src/modules/portal/drafts';
import { download, fileOf, fileRequestWith, sha256, upload } from '../helpers/files';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, login, makeDevice, startServerProcess, type ServerProcess } from '../helpers/server-process';

const cluster = postgresCluster();

const FILE_CSP = "default-src 'none'; sandbox";
const ALLOWED = /solo se aceptan fotos JPEG, PNG o WebP y documentos PDF/;
const PAGE = '<html><body><script>fetch("/api/auth/me");indexedDB.open("gel")</script></body></html>';

/** The headers every file response carries, whatever it holds. */
function expectInert(res: { status: number; headers: Headers }, type: string, disposition: 'inline' | 'attachment') {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(type);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toBe(FILE_CSP);
  expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^${disposition};`));
}

describe.each(['sqlite', 'postgres'] as const)('file types on %s', (dialect) => {
  let server: ServerProcess;
  let funcionario: string;

  beforeAll(async () => {
    const databaseUrl = dialect === 'postgres' ? await cluster.newDatabase() : '';
    server = await startServerProcess(databaseUrl ? { DATABASE_URL: databaseUrl } : {});
    funcionario = (await login(server.url, 'funcionario')).token;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('an HTML, JavaScript, SVG or GIF upload is refused with a Spanish reason naming the allowed types, and nothing is kept', { timeout: 60_000 }, async () => {
    const cases = [
      { name: 'foto.jpg', type: 'image/jpeg', bytes: Buffer.from(PAGE) },
      { name: 'app.js', type: 'text/javascript', bytes: Buffer.from('fetch("/api/sync/pull",{method:"POST"}).then(r=>r.text()).then(alert)') },
      { name: 'logo.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>') },
      { name: 'animada.gif', type: 'image/gif', bytes: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;') },
    ];
    for (const c of cases) {
      // Decided early, on the first chunk…
      const early = await upload(server.url, funcionario, c.bytes, { name: c.name, type: c.type });
      expect(early.last.status).toBe(415);
      expect(early.last.body).toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE', details: { allowed: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] } });
      expect(early.last.body.message).toMatch(ALLOWED);
      // …and when the bytes are all there, if the first chunk was too short to tell.
      const late = await upload(server.url, funcionario, c.bytes, { name: c.name, type: c.type, chunk: 4 });
      expect(late.started.body.received).toBe(0); // the refused upload left nothing behind
      expect(late.last.status).toBe(415);
      expect(late.last.body.message).toMatch(ALLOWED);
      // Referenced by a request, it is still not there to download.
      await fileRequestWith(server.url, funcionario, [{ hash: early.hash, name: c.name, type: c.type, size: c.bytes.length }]);
      expect((await download(server.url, funcionario, early.hash)).status).toBe(404);
    }
  });

  it('a PNG declared as text/html (a page hidden after a PNG signature) is served as image/png, inert', { timeout: 60_000 }, async () => {
    const polyglot = fileOf('png', PAGE);
    const sent = await upload(server.url, funcionario, polyglot, { name: 'pagina.html', type: 'text/html' });
    expect(sent.last.body).toMatchObject({ complete: true });
    await fileRequestWith(server.url, funcionario, [{ hash: sent.hash, name: 'pagina.html', type: 'text/html', size: polyglot.length }]);
    const got = await download(server.url, funcionario, sent.hash);
    expectInert(got, 'image/png', 'inline');
    expect(got.headers.get('content-disposition')).toContain("filename*=UTF-8''pagina.png");
  });

  it('a PDF is served as a download', { timeout: 60_000 }, async () => {
    const acta = fileOf('pdf', '1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj');
    const sent = await upload(server.url, funcionario, acta, { name: 'acta.pdf', type: 'text/html' });
    await fileRequestWith(server.url, funcionario, [{ hash: sent.hash, name: 'acta.pdf', type: 'application/pdf', size: acta.length }]);
    expectInert(await download(server.url, funcionario, sent.hash), 'application/pdf', 'attachment');
  });

  it('files stored before the allow-list are typed again from their bytes, never by their declared type', { timeout: 60_000 }, async () => {
    const legacy = (bytes: Buffer, type: string) => {
      const hash = sha256(bytes);
      const dir = join(server.dataDir, 'blobs', hash.slice(0, 2));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, hash), bytes);
      writeFileSync(join(dir, `${hash}.json`), JSON.stringify({ hash, size: bytes.length, type, name: 'viejo', municipalities: ['95200'] }));
      return { hash, name: 'viejo', type, size: bytes.length };
    };
    const page = legacy(Buffer.from(PAGE), 'text/html');
    const photo = legacy(fileOf('png', PAGE), 'text/html');
    await fileRequestWith(server.url, funcionario, [page, photo]);
    expectInert(await download(server.url, funcionario, page.hash), 'application/octet-stream', 'attachment');
    expectInert(await download(server.url, funcionario, photo.hash), 'image/png', 'inline');
  });

  it('the portal runs no script and shows only photos of published items, put there by someone who sent them', { timeout: 90_000 }, async () => {
    const committee = await makeDevice(server.url, 'comite');
    try {
      // The committee's device keeps a photo (a polyglot: a page after a PNG signature) for a draft.
      const photo = await addLocalFile(committee.db, { name: 'feria.png', type: 'text/html', bytes: new Uint8Array(fileOf('png', PAGE)) });
      expect(photo.type).toBe('image/png');
      // An ID scan the window holds, and a PDF: neither may appear on the portal.
      const scan = fileOf('jpeg', `cédula ${Math.random()}`);
      const scanSent = await upload(server.url, funcionario, scan, { name: 'cedula.jpg' });
      await fileRequestWith(server.url, funcionario, [{ hash: scanSent.hash, name: 'cedula.jpg', type: 'image/jpeg', size: scan.length }]);
      const pdf = await addLocalFile(committee.db, { name: 'acta.pdf', type: 'application/pdf', bytes: new Uint8Array(fileOf('pdf', 'acta')) });

      const image = (hash: string) => ({ id: crypto.randomUUID(), name: 'imagen', alt: 'Imagen', hash });
      const draft = await newDraft(committee.db, committee.ctx, 'eventos');
      const images = [image(photo.hash), image(scanSent.hash), image(pdf.hash)];
      await saveWorkingCopy(committee.db, draft.id, { title: 'Feria', body: images.map((i) => `![${i.alt}](image:${i.id})`).join('\n\n'), images });
      await flushDrafts(committee.db);
      await committee.syncNow();
      const archivo = (hash: string) => http(server.url, `/portal/archivo/${hash}`);
      expect((await archivo(photo.hash)).status).toBe(404); // not published yet

      for (const action of ['enviar_revision', 'aprobar', 'publicar'] as const) await recordPortalStep(committee.db, committee.ctx, draft.id, action);
      await committee.syncNow();
      const published = await committee.db.portal_draft.get(draft.id);
      expect(published?.status).toBe('publicado');

      expectInert(await archivo(photo.hash), 'image/png', 'inline');
      expect((await archivo(scanSent.hash)).status).toBe(404); // referenced by someone who never sent it
      expect((await archivo(pdf.hash)).status).toBe(404); // only photos on the portal
      expect((await archivo('0'.repeat(64))).status).toBe(404);

      const page = await http<string>(server.url, `/portal/contenido/${published?.slug}`);
      expect(page.status).toBe(200);
      const csp = (page.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
      expect(csp).toEqual(expect.arrayContaining(["script-src 'none'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"]));
      expect(page.body).toContain(`/portal/archivo/${photo.hash}`);

      // The committee edits the live item again: the new photo waits for approval, while the
      // published text keeps its own photo on the portal (its reference outlives the edit).
      const second = await addLocalFile(committee.db, { name: 'feria-2.png', type: 'image/png', bytes: new Uint8Array(fileOf('png', `otra ${Math.random()}`)) });
      const next = image(second.hash);
      await saveWorkingCopy(committee.db, draft.id, { title: 'Feria', body: `![${next.alt}](image:${next.id})`, images: [next] });
      await flushDrafts(committee.db);
      await committee.syncNow();
      expect((await committee.db.portal_draft.get(draft.id))?.status).toBe('en_revision');
      expectInert(await archivo(photo.hash), 'image/png', 'inline');
      expect((await archivo(second.hash)).status).toBe(404); // not approved yet
      expect((await http<string>(server.url, `/portal/contenido/${published?.slug}`)).body).toContain(`/portal/archivo/${photo.hash}`);
    } finally {
      committee.engine.stop();
      committee.db.close();
      await committee.db.delete();
    }
  });
});
