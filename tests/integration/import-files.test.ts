// The admin's import of an "Exportar pendientes" file stores its files through the same checks as
// an upload: its photos are kept as sent by their author; a file of a type never kept is refused
// alone, with the reason, and the records it came with still apply. Real server, real HTTP.
import { expect, it } from 'vitest';
import { download, fileOf, sha256 } from '../helpers/files';
import { sealExport } from '#shared/transfer/seal';
import { createMutation } from '../helpers/fixtures';
import { http, login, serverPerFile } from '../helpers/server-process';

const server = serverPerFile();

it('imports the photos of an export as its author’s and refuses a page among them, keeping the records', { timeout: 60_000 }, async () => {
  // The author signed in on the phone that wrote the file: the server handed that device its key.
  const author = await login(server.url, 'funcionario', undefined, 'device-lost-phone-01');
  const deviceKey = (author as { deviceKey?: string | null }).deviceKey;
  if (!deviceKey) throw new Error('sign-in on a device hands it a key');
  const admin = await login(server.url, 'admin');
  const photo = fileOf('jpeg', `foto de campo ${Math.random()}`);
  const page = Buffer.from('<html><script>alert(1)</script></html>');
  const ref = (bytes: Buffer, name: string, type: string) => ({ hash: sha256(bytes), name, type, size: bytes.length, base64: bytes.toString('base64') });
  const files = [ref(photo, 'foto.jpg', 'image/jpeg'), ref(page, 'foto2.jpg', 'image/jpeg')];
  const mutation = createMutation({ files: files.map(({ base64: _, ...f }) => f) });
  const exported = await sealExport({
    format: 'gel-campo/pendientes',
    version: 2,
    exportedAt: '2026-03-10T16:00:00.000Z',
    deviceId: 'device-lost-phone-01',
    user: { id: author.user.id, username: 'funcionario', municipality: '95200' },
    mutations: [mutation],
    refused: [],
    files,
  }, deviceKey);
  const res = await http<{ applied: number; files: number; refusedFiles: { hash: string; code: string; message: string }[] }>(server.url, '/api/admin/import', {
    token: admin.token,
    body: exported,
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ applied: 1, files: 1, refusedFiles: [{ hash: sha256(page), code: 'UNSUPPORTED_FILE_TYPE' }] });
  expect(res.body.refusedFiles[0]?.message).toMatch(/solo se aceptan fotos JPEG, PNG o WebP y documentos PDF/);

  // The author's request references the photo they sent: readers of the request get it, inert.
  const got = await download(server.url, author.token, sha256(photo));
  expect(got.status).toBe(200);
  expect(got.headers.get('content-type')).toBe('image/jpeg');
  expect((await download(server.url, admin.token, sha256(photo))).status).toBe(200);
  expect((await download(server.url, admin.token, sha256(page))).status).toBe(404);
});
