// An import of a "pendientes" file is charged like a push and uploads: to the importing admin's
// volume budgets (the files' bytes to the upload budget, the rest to the push budget), never to
// the file's author. Over those, 429 RATE_LIMITED with Retry-After and nothing applied. Real server
// process over HTTP, on SQLite and PostgreSQL (the budgets live in the store).
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addLocalFile } from '../../src/files/local-files';
import { exportPending } from '../../src/sync/pending-transfer';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, makeDevice, startServerProcess, type Device } from '../helpers/server-process';

const cluster = postgresCluster();

/** What a device would export: everything unsynced, sealed with its key, as JSON text would carry it. */
const exportOf = async (d: Device) =>
  JSON.parse(
    JSON.stringify(await exportPending(d.db, d.engine.events, { deviceId: d.deviceId, deviceKey: d.deviceKey, user: { id: d.user.id, username: d.user.username, municipality: d.user.municipality } })),
  ) as Record<string, unknown>;

describe.each(['sqlite', 'postgres'] as const)('on %s', (dialect) => {
  it("charges the importing admin's budgets, not the author's", async () => {
    // Budgets of 1,000 bytes: any import takes a whole hour of each (a request never costs more
    // than the whole budget), so the next one waits the hour.
    const env: Record<string, string> = { PUSH_BUDGET_BYTES_PER_HOUR: '1000', UPLOAD_BUDGET_BYTES_PER_HOUR: '1000' };
    if (dialect === 'postgres') env.DATABASE_URL = await cluster.newDatabase();
    const server = await startServerProcess(env);
    const devices: Device[] = [];
    try {
      const device = async (username: string) => {
        const d = await makeDevice(server.url, username);
        devices.push(d);
        return d;
      };
      const admin = await device('admin');
      const lost = await device('funcionario');
      const other = await device('gobierno');
      // A phone that will never sync again: two filings and a photo; another with one filing.
      await lost.file();
      await lost.file();
      await addLocalFile(lost.db, { name: 'foto.png', type: 'image/png', bytes: new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(20_000)])) });
      const withPhoto = await exportOf(lost);
      await other.file();
      const withoutFiles = await exportOf(other);
      const importFile = (file: unknown) => http<any>(server.url, '/api/admin/import', { token: admin.token, body: file });

      const first = await importFile(withPhoto);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({ applied: 2, files: 1 });

      // The same file again: the admin's upload budget is spent (before anything is applied).
      const again = await importFile(withPhoto);
      expect(again.status).toBe(429);
      expect(again.body).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'UPLOAD_BUDGET_EXCEEDED' } });
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(3_500);

      // A file without photos: the admin's push budget is spent too; nothing of it applied.
      const second = await importFile(withoutFiles);
      expect(second.status).toBe(429);
      expect(second.body).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'PUSH_BUDGET_EXCEEDED' } });
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(3_500);
      const mutations = withoutFiles.mutations as { recordId: string }[];
      const pulled = await http<any>(server.url, '/api/sync/pull', { token: admin.token, body: { cursor: null, limit: 2000 } });
      const ids = new Set((pulled.body.changes as { id: string }[]).map((c) => c.id));
      expect(mutations.some((m) => ids.has(m.recordId))).toBe(false);

      // The authors' own budgets were not touched: their devices still send.
      await other.syncNow();
      expect(other.engine.getStatus().lastError).toBeNull();
      expect(await other.db.outbox.count()).toBe(0);
      const fresh = await device('funcionario');
      await fresh.file();
      await fresh.syncNow();
      expect(fresh.engine.getStatus().lastError).toBeNull();
      expect(await fresh.db.outbox.count()).toBe(0);
    } finally {
      for (const d of devices) await d.close();
      await server.stop();
    }
  }, 120_000);
});
