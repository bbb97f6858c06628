// One person cannot fill the disk through pushes: each user has an hourly volume budget (bytes of
// changes), kept in the store so it holds across server instances on one PostgreSQL database.
// Over it, a push is answered 429 RATE_LIMITED (PUSH_BUDGET_EXCEEDED) with Retry-After and nothing
// of it is applied; the device (real engine and transport, real server process) waits as long as
// asked, says so in Spanish, and sends on its own once the wait is over.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MutationResult, PullResponse } from '#shared/sync-protocol';
import type { DevicePush, Transport } from '../../src/sync/transport';
import { formatTime, messages } from '../../src/ui/i18n/es-CO';
import { readConfig } from '../../sync-server/config';
import { PostgresStore } from '../../sync-server/store/postgres-store';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import type { Store } from '../../sync-server/store/store';
import { createMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { http, login, makeDevice, startServerProcess, type ServerProcess } from '../helpers/server-process';

const cluster = postgresCluster();

const HOUR = 3_600_000;
const DEVICE = 'budget-test-device';
const bytesOf = (mutations: unknown[]) => Buffer.byteLength(JSON.stringify(mutations));
/** What a push is charged: its body as JSON text (after gzip), as the server read it. */
const bodyBytes = (mutations: unknown[], deviceId = DEVICE) => Buffer.byteLength(JSON.stringify({ deviceId, mutations }));

/** A device id belongs to its first user, and a session opened on a device pushes under its id. */
async function push(server: { url: string }, token: string, mutations: unknown[], deviceId = DEVICE) {
  return http<{ results: MutationResult[] } & { code?: string; details?: { reason: string; retryAfterSeconds: number } }>(server.url, '/api/sync/push', {
    token,
    body: { deviceId, mutations },
  });
}

describe.each([
  ['SQLite', async (): Promise<Store[]> => [new SqliteStore(':memory:')]],
  ['PostgreSQL, two instances', async (): Promise<Store[]> => {
    const url = await cluster.newDatabase();
    return [new PostgresStore(url), new PostgresStore(url)];
  }],
])('the budget in the store (%s)', (_name, open) => {
  it('spends, refuses with the time to wait, refills with time, never below zero across instances', async () => {
    const stores = await open();
    try {
      for (const s of stores) await s.migrate();
      const [one, two = one] = stores as [Store, Store?];
      const rule = { capacity: 3600, periodMs: HOUR }; // one unit a second
      const t0 = Date.parse('2026-03-10T15:00:00.000Z');
      expect(await one.spendBudget('push:a', 3000, rule, t0)).toBe(0);
      expect(await two.spendBudget('push:a', 700, rule, t0)).toBe(100_000); // 100 units short
      expect(await one.spendBudget('push:a', 600, rule, t0)).toBe(0); // the refusal took nothing
      expect(await two.spendBudget('push:a', 1, rule, t0)).toBe(1000);
      expect(await one.spendBudget('push:b', 3600, rule, t0)).toBe(0); // each key its own budget
      expect(await two.spendBudget('push:a', 10, rule, t0 + 10_000)).toBe(0);
      expect(await one.spendBudget('push:a', 1, rule, t0 - HOUR)).toBe(1000); // a clock going back refills nothing
      expect(await two.spendBudget('push:a', 3600, rule, t0 + 2 * HOUR)).toBe(0); // full again, never above capacity
      expect(await one.spendBudget('push:a', 1, rule, t0 + 2 * HOUR)).toBe(1000);

      // Twenty spenders at once on both instances: exactly what the budget holds is taken.
      const spends = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? two : one).spendBudget('push:c', 300, rule, t0)));
      expect(spends.filter((w) => w === 0)).toHaveLength(12);
    } finally {
      for (const s of stores) await s.close();
    }
  });
});

describe('PUSH_BUDGET_BYTES_PER_HOUR', () => {
  it('defaults to 20 MB per hour and refuses what is not a positive number of bytes', () => {
    expect(readConfig({}).pushBudgetBytesPerHour).toBe(20 * 1024 * 1024);
    expect(readConfig({ PUSH_BUDGET_BYTES_PER_HOUR: '500000' }).pushBudgetBytesPerHour).toBe(500_000);
    for (const bad of ['0', '-1', '1.5', 'mucho']) expect(() => readConfig({ PUSH_BUDGET_BYTES_PER_HOUR: bad })).toThrow(/PUSH_BUDGET_BYTES_PER_HOUR/);
  });
});

describe('over HTTP', () => {
  const batch = () => Array.from({ length: 20 }, () => createMutation());
  const size = bodyBytes(batch());

  it('answers 429 RATE_LIMITED with Retry-After once a user spent the hour’s budget, applies nothing of it, and leaves others alone (SQLite)', async () => {
    const budget = Math.round(size * 2.5);
    const server = await startServerProcess({ PUSH_BUDGET_BYTES_PER_HOUR: String(budget) });
    try {
      const { token } = await login(server.url, 'funcionario');
      expect((await push(server, token, batch())).status).toBe(200);
      expect((await push(server, token, batch())).status).toBe(200);
      const third = batch();
      const refused = await push(server, token, third);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      const short = bodyBytes(third) - (budget - 2 * size);
      expect(retryAfter).toBeGreaterThanOrEqual(Math.floor((short * 3600) / budget));
      expect(retryAfter).toBeLessThanOrEqual(Math.ceil((short * 3600) / budget) + 1);
      expect(refused.body).toEqual({
        code: 'RATE_LIMITED',
        message: expect.any(String),
        details: { reason: 'PUSH_BUDGET_EXCEEDED', retryAfterSeconds: retryAfter },
      });
      const pulled = await http<PullResponse>(server.url, '/api/sync/pull', { token, body: { cursor: null, limit: 2000 } });
      expect(pulled.status).toBe(200); // pulling is not budgeted
      const ids = new Set(pulled.body.changes.map((c) => c.id));
      expect(pulled.body.changes.filter((c) => c.kind === 'pqrsd')).toHaveLength(40);
      expect(third.some((m) => ids.has(m.recordId))).toBe(false);
      // Another person's budget is their own.
      const other = await login(server.url, 'gobierno');
      expect((await push(server, other.token, batch(), 'budget-gobierno-device')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('holds across two server instances on one PostgreSQL database', async () => {
    const env = { DATABASE_URL: await cluster.newDatabase(), PUSH_BUDGET_BYTES_PER_HOUR: String(Math.round(size * 1.5)) };
    const first = await startServerProcess(env);
    let second: ServerProcess | null = null;
    try {
      second = await startServerProcess(env);
      const a = await login(first.url, 'funcionario');
      const b = await login(second.url, 'funcionario');
      expect((await push(first, a.token, batch())).status).toBe(200);
      const elsewhere = await push(second, b.token, batch());
      expect(elsewhere.status).toBe(429);
      expect(elsewhere.body).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'PUSH_BUDGET_EXCEEDED' } });
      expect(Number(elsewhere.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await second?.stop();
      await first.stop();
    }
  });

  it('the device waits as long as the server asked, says so in Spanish, and sends on its own afterwards', async () => {
    // 1.8 MB an hour: 500 bytes a second, so a filing (under 2 KB) waits a few seconds once spent.
    const budget = 1_800_000;
    const server = await startServerProcess({ PUSH_BUDGET_BYTES_PER_HOUR: String(budget) });
    try {
      const pushes: number[] = [];
      let pulls = 0;
      const d = await makeDevice(server.url, 'funcionario', {
        engine: { backoff: { baseMs: 20, maxMs: 20 } },
        wrapTransport: (real: Transport): Transport => ({
          push: (req: DevicePush) => {
            pushes.push(Date.now());
            return real.push(req);
          },
          pull: (req) => {
            pulls++;
            return real.pull(req);
          },
        }),
      });
      try {
        // Another device of the same person spends the whole hour's budget (a refused, malformed change still costs).
        const junk = [{ pad: 'x'.repeat(budget - 12) }];
        expect(bytesOf(junk)).toBe(budget);
        const otherDevice = await login(server.url, 'funcionario', undefined, 'budget-other-device');
        expect((await push(server, otherDevice.token, junk, 'budget-other-device')).status).toBe(200);

        const filed = await d.file();
        const before = Date.now();
        await d.syncNow();
        const status = d.engine.getStatus();
        expect(status.lastError).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'PUSH_BUDGET_EXCEEDED' } });
        expect(status.pushPausedUntil).not.toBeNull();
        const until = Date.parse(status.pushPausedUntil ?? '');
        expect(until).toBeGreaterThan(before + 500);
        expect(until).toBeLessThan(before + 30_000);
        expect(Date.parse(status.nextRetryAt ?? '')).toBeGreaterThanOrEqual(until - 5);
        expect(await d.db.outbox.count()).toBe(1);
        expect(await d.db.quarantine.count()).toBe(0);
        expect(messages.status.serverAskedToWait(formatTime(status.pushPausedUntil ?? ''))).toMatch(/^El servidor pidió esperar: se reintentará a las \d\d:\d\d$/);

        // Asking again before then pulls, but sends nothing.
        const [pushesBefore, pullsBefore] = [pushes.length, pulls];
        await d.syncNow();
        expect(pushes.length).toBe(pushesBefore);
        expect(pulls).toBeGreaterThan(pullsBefore);
        expect(d.engine.getStatus().pushPausedUntil).toBe(status.pushPausedUntil);

        // Then it goes by itself, not before the time the server gave.
        const deadline = Date.now() + 30_000;
        const settled = async () => (await d.db.outbox.count()) === 0 && !d.engine.getStatus().running;
        while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(await d.db.outbox.count()).toBe(0);
        expect(pushes.at(-1)).toBeGreaterThanOrEqual(until);
        expect(await d.db.pqrsd.get(filed.id)).toMatchObject({ radicado: expect.stringMatching(/^95200-2026-/) });
        expect(d.engine.getStatus()).toMatchObject({ pushPausedUntil: null, lastError: null });
      } finally {
        await d.close();
      }
    } finally {
      await server.stop();
    }
  });
});
