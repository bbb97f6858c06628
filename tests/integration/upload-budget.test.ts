// The attachments channel has a volume budget too: each person may upload so many bytes of files
// an hour (UPLOAD_BUDGET_BYTES_PER_HOUR, in the store, so it holds across instances). A chunk over
// it is answered 429 RATE_LIMITED (UPLOAD_BUDGET_EXCEEDED) with Retry-After and nothing of it is
// written; the device waits that long without marking the file failed, then resumes. Uploads
// abandoned for more than a day are dropped. Real server process over HTTP, SQLite and PostgreSQL.
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addLocalFile, sha256Hex } from '../../src/files/local-files';
import type { UploadState } from '#shared/files/file-schema';
import { uuidv7 } from '#shared/ids';
import type { FileTransport, Transport } from '../../src/sync/transport';
import { formatTime, messages } from '../../src/ui/i18n/es-CO';
import { readConfig } from '../../sync-server/config';
import { postgresCluster } from '../helpers/postgres-cluster';
import { DEMO_PASSWORD, http, login, makeDevice, startServerProcess, type ServerProcess } from '../helpers/server-process';

const cluster = postgresCluster();

const MB = 1024 * 1024;
/** A photo as far as the server can tell (PNG signature), of `size` bytes that do not repeat. */
const png = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);

type Answer = UploadState & { code?: string; details?: { reason?: string; retryAfterSeconds?: number } };

/** Starts an upload of `bytes` and sends them in one chunk. */
async function upload(server: ServerProcess, token: string, bytes: Buffer) {
  const hash = await sha256Hex(bytes);
  const started = await http<Answer>(server.url, `/api/blobs/${hash}/start`, { token, body: { size: bytes.length, name: 'foto.png' } });
  expect(started.status).toBe(200);
  const put = await http<Answer>(server.url, `/api/blobs/${hash}?offset=0`, {
    method: 'PUT',
    token,
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream' },
  });
  return { hash, put };
}

describe('UPLOAD_BUDGET_BYTES_PER_HOUR', () => {
  it('defaults to 200 MB per hour and refuses what is not a positive number of bytes', () => {
    expect(readConfig({}).uploadBudgetBytesPerHour).toBe(200 * MB);
    expect(readConfig({ UPLOAD_BUDGET_BYTES_PER_HOUR: '5000000' }).uploadBudgetBytesPerHour).toBe(5_000_000);
    for (const bad of ['0', '-1', '2.5', 'mucho']) expect(() => readConfig({ UPLOAD_BUDGET_BYTES_PER_HOUR: bad })).toThrow(/UPLOAD_BUDGET_BYTES_PER_HOUR/);
  });
});

describe.each(['sqlite', 'postgres'] as const)('on %s', (dialect) => {
  it('a person uploading past the hour’s budget gets 429 with Retry-After, nothing of that chunk is kept, others upload on', async () => {
    const env: Record<string, string> = { UPLOAD_BUDGET_BYTES_PER_HOUR: String(3 * MB) };
    if (dialect === 'postgres') env.DATABASE_URL = await cluster.newDatabase();
    const server = await startServerProcess(env);
    try {
      const deviceId = uuidv7();
      const { token } = await login(server.url, 'funcionario', DEMO_PASSWORD, deviceId);
      // The review's burst: unreferenced 1 MB files as fast as possible. Three fit in the hour.
      for (let i = 0; i < 3; i++) {
        const { put } = await upload(server, token, png(MB));
        expect(put.status).toBe(200);
        expect(put.body.complete).toBe(true);
      }
      const fourth = png(MB);
      const { hash, put } = await upload(server, token, fourth);
      expect(put.status).toBe(429);
      const retryAfter = Number(put.headers.get('retry-after'));
      expect(put.body).toEqual({ code: 'RATE_LIMITED', message: expect.any(String), details: { reason: 'UPLOAD_BUDGET_EXCEEDED', retryAfterSeconds: retryAfter } });
      // 1 MB short of a budget refilled at 3 MB an hour: about 20 minutes.
      expect(retryAfter).toBeGreaterThanOrEqual(1195);
      expect(retryAfter).toBeLessThanOrEqual(1201);
      const again = await http<Answer>(server.url, `/api/blobs/${hash}/start`, { token, body: { size: fourth.length, name: 'foto.png' } });
      expect(again.body).toMatchObject({ received: 0, complete: false });

      // Another person's budget is their own; the same person's pushes are a budget apart.
      const other = await login(server.url, 'gobierno', DEMO_PASSWORD, uuidv7());
      expect((await upload(server, other.token, png(MB))).put.status).toBe(200);
      const pushed = await http(server.url, '/api/sync/push', { token, body: { deviceId, mutations: [] } });
      expect(pushed.status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe('the device', () => {
  it('waits as long as the server asked without marking the file failed, says so, then sends it by itself', async () => {
    // 1.8 MB an hour refills 500 bytes a second: a 2 KB photo waits a few seconds once it is spent.
    const budget = 1_800_000;
    const server = await startServerProcess({ UPLOAD_BUDGET_BYTES_PER_HOUR: String(budget) });
    try {
      const puts: number[] = [];
      const d = await makeDevice(server.url, 'funcionario', {
        engine: { backoff: { baseMs: 20, maxMs: 20 } },
        wrapTransport: (real: Transport): Transport => {
          const files = real as Transport & FileTransport;
          return Object.assign(Object.create(files) as Transport & FileTransport, {
            putChunk: (hash: string, offset: number, bytes: Uint8Array) => {
              puts.push(Date.now());
              return files.putChunk(hash, offset, bytes);
            },
          });
        },
      });
      try {
        // The same person spends the hour on another device: two chunks of 0.9 MB.
        const spent = png(budget);
        const hash = await sha256Hex(spent);
        const { token } = await login(server.url, 'funcionario', DEMO_PASSWORD, uuidv7());
        await http(server.url, `/api/blobs/${hash}/start`, { token, body: { size: spent.length, name: 'grande.png' } });
        for (const offset of [0, budget / 2]) {
          const put = await http(server.url, `/api/blobs/${hash}?offset=${offset}`, {
            method: 'PUT',
            token,
            body: new Uint8Array(spent.subarray(offset, offset + budget / 2)),
            headers: { 'content-type': 'application/octet-stream' },
          });
          expect(put.status).toBe(200);
        }

        const photo = await addLocalFile(d.db, { name: 'foto.png', type: 'image/png', bytes: new Uint8Array(png(2_000)) });
        const second = await addLocalFile(d.db, { name: 'otra.png', type: 'image/png', bytes: new Uint8Array(png(1_000)) });
        const before = Date.now();
        await d.syncNow();
        const status = d.engine.getStatus();
        expect(status.lastError).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'UPLOAD_BUDGET_EXCEEDED' } });
        const until = Date.parse(status.nextRetryAt ?? '');
        expect(until).toBeGreaterThan(before + 1_000);
        expect(until).toBeLessThan(before + 30_000);
        // Waiting, not failed: no attempt counted, both files held until the server's time.
        for (const ref of [photo, second]) {
          const row = await d.db.file.get(ref.hash);
          expect(row).toMatchObject({ state: 'queued', attempts: 0, sent: 0, error: { code: 'RATE_LIMITED' } });
          expect(Date.parse(row?.nextAttemptAt ?? '')).toBeGreaterThan(before + 1_000);
        }
        expect(messages.status.serverAskedToWait(formatTime(status.nextRetryAt ?? ''))).toMatch(/^El servidor pidió esperar: se reintentará a las \d\d:\d\d$/);

        // Asking again before then sends no file.
        const sent = puts.length;
        await d.syncNow();
        expect(puts.length).toBe(sent);
        expect((await d.db.file.get(photo.hash))?.state).toBe('queued');

        // Then both go by themselves, not before the time the server gave.
        const deadline = Date.now() + 40_000;
        const done = async () => (await d.db.file.where('state').equals('sent').count()) === 2;
        while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        expect(await done()).toBe(true);
        expect(puts.at(-1)).toBeGreaterThanOrEqual(Date.parse(status.nextRetryAt ?? '') - 1_000);
        expect(await d.db.file.get(photo.hash)).toMatchObject({ state: 'sent', error: null });
      } finally {
        await d.close();
      }
    } finally {
      await server.stop();
    }
  }, 90_000);
});

describe('abandoned uploads', () => {
  it('are dropped once nobody touched them for a day (at start, then hourly); recent ones resume', async () => {
    const server = await startServerProcess();
    try {
      const { token } = await login(server.url, 'funcionario', DEMO_PASSWORD, uuidv7());
      const partials = join(server.dataDir, 'blobs', 'partial');
      const begin = async (bytes: Buffer) => {
        const hash = await sha256Hex(bytes);
        await http(server.url, `/api/blobs/${hash}/start`, { token, body: { size: bytes.length, name: 'foto.png' } });
        const put = await http(server.url, `/api/blobs/${hash}?offset=0`, {
          method: 'PUT',
          token,
          body: new Uint8Array(bytes.subarray(0, 1_000)),
          headers: { 'content-type': 'application/octet-stream' },
        });
        expect(put.body).toMatchObject({ received: 1_000, complete: false });
        return hash;
      };
      const old = png(5_000);
      const oldHash = await begin(old);
      const oldFiles = readdirSync(partials);
      expect(oldFiles).toHaveLength(2); // the bytes and what was announced
      // Nobody touched it for 25 hours.
      const dayAgo = new Date(Date.now() - 25 * 3_600_000);
      for (const f of oldFiles) utimesSync(join(partials, f), dayAgo, dayAgo);
      const recent = png(5_000);
      const recentHash = await begin(recent);

      await server.restart();
      expect(server.output()).toContain('Dropped 1 upload(s) abandoned for more than a day.');
      expect(readdirSync(partials).filter((f) => oldFiles.includes(f))).toEqual([]);
      const { token: again } = await login(server.url, 'funcionario', DEMO_PASSWORD, uuidv7());
      const restarted = await http(server.url, `/api/blobs/${oldHash}/start`, { token: again, body: { size: old.length, name: 'foto.png' } });
      expect(restarted.body).toMatchObject({ received: 0, complete: false });
      const resumed = await http(server.url, `/api/blobs/${recentHash}/start`, { token: again, body: { size: recent.length, name: 'foto.png' } });
      expect(resumed.body).toMatchObject({ received: 1_000, complete: false });
    } finally {
      await server.stop();
    }
  }, 90_000);
});
