// Screens under test with their real parts: a real device database (fake-indexeddb, imported
// first by the test file), the real sync engine offline (nothing leaves), and a signed-in user.
import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { openDb, type GelDb } from '../../src/db/database';
import type { DeviceContext } from '../../src/modules/local-records';
import { uuidv7 } from '#shared/ids';
import type { Role } from '#shared/roles';
import { SyncEngine } from '../../src/sync/engine';
import { ServicesContext, type Services } from '../../src/ui/services';

const opened: { db: GelDb; engine: SyncEngine }[] = [];

/** Renders `ui` signed in as `role` on a fresh device database; returns that database. */
export async function renderWithServices(ui: ComponentChildren, role: Role = 'admin') {
  const db = openDb(`component-${uuidv7()}`);
  const device: DeviceContext = { deviceId: uuidv7(), userId: uuidv7(), municipality: '95200', officialIdKey: null };
  const offline = {
    push: () => Promise.reject(new Error('offline')),
    pull: () => Promise.reject(new Error('offline')),
  };
  const engine = new SyncEngine({ db, transport: offline, deviceId: device.deviceId, isOnline: () => false, intervalMs: 3_600_000 });
  opened.push({ db, engine });
  const services = {
    db,
    engine,
    device,
    deviceId: device.deviceId,
    session: { user: { id: device.userId, username: 'prueba', displayName: 'Persona de prueba', role, municipality: '95200', dependencia: null } },
  } as unknown as Services;
  const view = render(<ServicesContext.Provider value={services}>{ui}</ServicesContext.Provider>);
  return { db, device, ...view };
}

/** Closes and deletes every database the tests opened (call in afterEach, after cleanup()). */
export async function closeServices(): Promise<void> {
  for (const { db, engine } of opened.splice(0)) {
    engine.stop();
    db.close();
    await db.delete();
  }
}
