import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { createMutation } from '../helpers/fixtures';
import { fillRequest, submitSignIn } from './app';

/** A photo-like PNG full of noise, so its JPEG stays large enough for several chunks. */
function noisePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  let seed = 12345;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = i % (width * 3 + 1) === 0 ? 0 : seed >> 16;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

test('a photo uploaded over a link cut mid-way completes after reconnecting', async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, 'funcionario');
  await fillRequest(page, { idNumber: '71234567', name: 'Luz Marina Ortiz', address: 'Barrio Centro', subject: 'Daño en el acueducto veredal', description: 'Adjunta foto del tubo roto.' });
  // The link dies after the first chunk of the photo: the record still goes through.
  let chunks = 0;
  await context.route(/\/api\/blobs\/[0-9a-f]{64}\?offset=/, (route) => (chunks++ < 1 ? route.continue() : route.abort('connectionreset')));
  await page.getByLabel('Fotos o archivos de los documentos (opcional)').setInputFiles({ name: 'tubo.png', mimeType: 'image/png', buffer: noisePng(1400, 1000) });
  await expect(page.getByTestId('picked-files')).toContainText('tubo.jpg');
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();

  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^95200-\d{4}-\d{6}$/);
  await expect(page.getByTestId('files-status')).toContainText('Archivos por enviar: 1');
  await expect.poll(() => chunks).toBeGreaterThanOrEqual(2); // the second chunk was cut

  // Reconnected: it resumes from what the server confirmed and completes.
  await context.unroute(/\/api\/blobs\/[0-9a-f]{64}\?offset=/);
  const offsets: number[] = [];
  context.on('request', (r) => {
    const m = /offset=(\d+)/.exec(r.url());
    if (m) offsets.push(Number(m[1]));
  });
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('files-status')).toHaveCount(0);
  expect(offsets[0]).toBeGreaterThan(0); // resumed, not restarted

  await page.getByRole('link', { name: 'Volver a la solicitud' }).click();
  const fileLink = page.getByTestId('request-files').getByRole('button');
  await expect(fileLink).toContainText('tubo.jpg');
  const sizeKb = Number(/\((\d+) KB\)/.exec((await fileLink.textContent()) ?? '')?.[1]);
  expect(sizeKb).toBeGreaterThan(128); // big enough to have needed several chunks

  // The server holds exactly the bytes, verified by their hash.
  const { token } = await (await request.post('/api/auth/login', { data: { username: 'comite', password: 'miraflores2026' } })).json();
  const hash = await page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    const name = dbs.map((d) => d.name).find((n) => n?.startsWith('gel-campo-')) as string;
    return new Promise<string>((resolve) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => {
        const req = open.result.transaction('file').objectStore('file').getAllKeys();
        req.onsuccess = () => resolve(String(req.result[0]));
      };
    });
  });
  const res = await request.get(`/api/blobs/${hash}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  expect(createHash('sha256').update(await res.body()).digest('hex')).toBe(hash);
  // Served with the type of its bytes, inert.
  expect(res.headers()['content-type']).toBe('image/jpeg');
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
  await context.close();
});

test('a page disguised as a document is refused when picked, naming the allowed types; the request is still filed', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, 'funcionario');
  await fillRequest(page, { idNumber: '71234568', name: 'Pedro Ruiz', address: 'Vereda El Progreso', subject: 'Solicitud con un anexo equivocado', description: 'El anexo no es un documento.' });
  const html = Buffer.from('<html><script>indexedDB.open("x")</script></html>');
  await page.getByLabel('Fotos o archivos de los documentos (opcional)').setInputFiles({ name: 'carta.pdf', mimeType: 'application/pdf', buffer: html });
  await expect(page.getByTestId('form-notice')).toContainText('«carta.pdf»');
  await expect(page.getByTestId('form-notice')).toContainText('solo se aceptan fotos JPEG, PNG o WebP y documentos PDF');
  await expect(page.getByTestId('picked-files')).toHaveCount(0);
  await page.getByLabel('Di a conocer al peticionario el aviso de privacidad').check();
  await page.getByRole('button', { name: 'Radicar', exact: true }).click();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^95200-\d{4}-\d{6}$/);
  await context.close();
});

test('a file the server refuses stays with its request, marked with the reason', async ({ browser, request }) => {
  // An export from an older app (it did not check types) carries a page named like a photo.
  const page = Buffer.from('<html><script>indexedDB.open("x")</script></html>');
  const hash = createHash('sha256').update(page).digest('hex');
  const file = { hash, name: 'foto-tubo.jpg', type: 'image/jpeg', size: page.length };
  const login = await (await request.post('/api/auth/login', { data: { username: 'funcionario', password: 'miraflores2026' } })).json();
  const exported = {
    format: 'gel-campo/pendientes',
    version: 1,
    exportedAt: new Date().toISOString(),
    deviceId: 'old-phone-0001',
    user: { id: login.user.id, username: 'funcionario', municipality: '95200' },
    mutations: [createMutation({ subject: 'Tubo roto con foto rechazada', files: [file] })],
    refused: [],
    files: [{ ...file, base64: page.toString('base64') }],
  };
  const context = await browser.newContext();
  const tab = await context.newPage();
  await submitSignIn(tab, 'funcionario');
  await tab.goto('/#/sincronizacion');
  await tab.getByLabel('Importar un archivo de pendientes de otro dispositivo').setInputFiles({ name: 'pendientes.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(tab.getByTestId('import-status')).toContainText('Se agregaron 1 cambio y 1 archivo');
  await tab.getByRole('button', { name: 'Sincronizar ahora' }).first().click();
  await expect(tab.getByTestId('files-status')).toContainText('1 archivo no se pudo enviar');

  await tab.getByRole('link', { name: 'Solicitudes', exact: true }).click();
  await tab.getByTestId('pqrsd-item').filter({ hasText: 'Tubo roto con foto rechazada' }).getByRole('link').click();
  await expect(tab.getByTestId('request-files')).toContainText('foto-tubo.jpg');
  await expect(tab.getByTestId('file-refused')).toContainText('solo se aceptan fotos JPEG, PNG o WebP y documentos PDF');
  await context.close();
});
