// Three devices file offline at once and sync in a random order, with replayed pushes:
// the server hands out distinct, consecutive radicados and loses or doubles nothing.
import 'fake-indexeddb/auto';
import { beforeAll, expect, it } from 'vitest';
import { sampleFiling } from '../helpers/fixtures';
import { createUserAsAdmin, http, makeDevice, OTHER_PASSWORD, type Device, serverPerFile } from '../helpers/server-process';

import type { DevicePush, DevicePushResponse, Transport } from '../../src/sync/transport';
import { mulberry32 } from '../helpers/rng';

const server = serverPerFile();
beforeAll(async () => {
  for (const username of ['ventanilla2', 'ventanilla3']) {
    await createUserAsAdmin(server.url, { username, displayName: `Funcionaria ${username}`, role: 'official' });
  }
});


/** Sends every push twice (the first answer "lost"), so each batch is a replay too. */
const replaying = (real: Transport): Transport => ({
  push: async (req: DevicePush): Promise<DevicePushResponse> => {
    await real.push(req);
    return real.push(req);
  },
  pull: (req) => real.pull(req),
});

for (const seed of [1, 7, 42]) {
  it(`distinct consecutive radicados from three offline devices (seed ${seed})`, async () => {
    const random = mulberry32(seed);
    const users: [string, string | undefined][] = [
      ['funcionario', undefined],
      ['ventanilla2', OTHER_PASSWORD],
      ['ventanilla3', OTHER_PASSWORD],
    ];
    const devices: Device[] = [];
    for (const [u, password] of users) {
      devices.push(await makeDevice(server.url, u, { password, wrapTransport: random() < 0.6 ? replaying : undefined, engine: { batchSize: 3 } }));
    }
    const year = 2010 + (seed % 16); // a fresh past series per run (2011, 2017, 2020): a future receivedAt is refused
    const filed = new Map<string, string>(); // id → device
    for (const d of devices) {
      d.setOnline(false);
      const n = 4 + Math.floor(random() * 5);
      for (let i = 0; i < n; i++) {
        const r = await d.file(sampleFiling({ receivedAt: `${year}-03-1${i % 9}T15:00:00.000Z`, subject: `Solicitud ${d.deviceId.slice(-4)} ${i}` }));
        filed.set(r.id, d.deviceId);
      }
      d.setOnline(true);
    }
    // Sync in a random order, concurrently, and then once more each.
    const order = [...devices].sort(() => random() - 0.5);
    await Promise.all(order.map((d) => d.syncNow()));
    for (const d of order) await d.syncNow();

    const { token } = await (await import('../helpers/server-process')).login(server.url, 'comite');
    const pulled = await http<{ changes: { kind: string; id: string; data: { radicado: string; receivedAt: string } }[] }>(server.url, '/api/sync/pull', {
      token,
      body: { cursor: null, limit: 2000 },
    });
    const mine = pulled.body.changes.filter((c) => c.kind === 'pqrsd' && filed.has(c.id));
    expect(mine).toHaveLength(filed.size); // none lost
    const numbers = mine.map((c) => c.data.radicado).sort();
    expect(new Set(numbers).size).toBe(numbers.length); // none doubled
    expect(numbers).toEqual(Array.from({ length: filed.size }, (_, i) => `95200-${year}-${String(i + 1).padStart(6, '0')}`)); // gap-free
    for (const d of devices) {
      expect(await d.db.outbox.count()).toBe(0);
      const local = await d.db.pqrsd.where('radicado').startsWith(`95200-${year}-`).count();
      expect(local).toBe(filed.size); // every device ends with every request and its official number
      await d.close();
    }
  });
}
