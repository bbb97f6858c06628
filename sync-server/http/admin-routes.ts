import { Hono } from 'hono';
import { createUserSchema, userUpdateSchema, type AdminUserResponse, type AdminUsersResponse, type DevicesResponse, type PasswordResetResponse, type RevokedResponse, deviceRenameSchema, type DeviceRenamed } from '#shared/auth';
import { devicesOfMunicipality, renameDevice, revokeDevice } from '../auth/devices';
import { createUserByAdmin, listUsersForAdmin, resetPasswordByAdmin, updateUserByAdmin } from '../auth/user-admin';
import type { Store } from '../store/store';
import { callerOf, type AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, type BodyLimits } from './read-body';

/** The admin's users and devices, own municipality only (see auth/user-admin.ts and auth/devices.ts); answers typed by the schemas in src/shared/auth.ts the app parses them with. */
export function adminRoutes(store: Store, limits: BodyLimits): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const id = (raw: string) => raw.slice(0, 64);

  app.get('/users', guard(store, 'GET /api/admin/users'), async (c) => {
    return c.json({ users: await listUsersForAdmin(store, c.get('user').municipality) } satisfies AdminUsersResponse);
  });

  app.post('/users', guard(store, 'POST /api/admin/users'), async (c) => {
    return c.json({ user: await createUserByAdmin(store, c.get('user'), await readJson(c, createUserSchema, limits)) } satisfies AdminUserResponse, 201);
  });

  app.patch('/users/:id', guard(store, 'PATCH /api/admin/users/:id'), async (c) => {
    const body = await readJson(c, userUpdateSchema, limits);
    return c.json({ user: await updateUserByAdmin(store, c.get('user'), id(c.req.param('id')), body) } satisfies AdminUserResponse);
  });

  // The temporary password is in this answer only.
  app.post('/users/:id/reset-password', guard(store, 'POST /api/admin/users/:id/reset-password'), async (c) => {
    return c.json(await resetPasswordByAdmin(store, callerOf(c), id(c.req.param('id'))) satisfies PasswordResetResponse);
  });

  app.get('/devices', guard(store, 'GET /api/admin/devices'), async (c) => {
    return c.json({ devices: await devicesOfMunicipality(store, c.get('user').municipality) } satisfies DevicesResponse);
  });

  app.post('/devices/:deviceId/revoke', guard(store, 'POST /api/admin/devices/:deviceId/revoke'), async (c) => {
    return c.json({ revoked: await revokeDevice(store, c.get('user').municipality, id(c.req.param('deviceId'))) } satisfies RevokedResponse);
  });

  app.patch('/devices/:deviceId', guard(store, 'PATCH /api/admin/devices/:deviceId'), async (c) => {
    const deviceId = id(c.req.param('deviceId'));
    const { name } = await readJson(c, deviceRenameSchema, limits);
    await renameDevice(store, callerOf(c), deviceId, name);
    return c.json({ deviceId, name } satisfies DeviceRenamed);
  });

  return app;
}
