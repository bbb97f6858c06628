// Issue 13 item 2, "nobody acts in another person's name", over real HTTP against the real server
// process on SQLite and on a throwaway PostgreSQL: an admin's forged "pendientes" file naming
// Control Interno with a sign-off is refused whole; a file sealed by Control Interno's own
// device is applied as theirs, and the audit names both author and importer; a tampered file,
// a revoked device, a deactivated author and a role that no longer permits the changes all
// refuse the whole file.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { setGoal, signOffReport, startReport } from '../../src/modules/plan/commands';
import { todayInBogota } from '#shared/calendar';
import { newSecretKey } from '#shared/crypto/hmac';
import { uuidv7 } from '#shared/ids';
import type { Mutation } from '#shared/sync-protocol';
import { semesterOf } from '#shared/training/training-schema';
import { sealExport } from '#shared/transfer/seal';
import { exportPending } from '../../src/sync/pending-transfer';
import type { StoredAuditEntry } from '../../sync-server/store/store';
import { createMutation } from '../helpers/fixtures';
import { postgresCluster } from '../helpers/postgres-cluster';
import { createUserAsAdmin, DEMO_PASSWORD, http, login, OTHER_PASSWORD, pullAll, serverOnDialectPerBlock, type Device } from '../helpers/server-process';

const SEMESTER = semesterOf(todayInBogota());
const PREVIOUS_SEMESTER = SEMESTER.endsWith('-2') ? `${SEMESTER.slice(0, 4)}-1` : `${Number(SEMESTER.slice(0, 4)) - 1}-2`;

const cluster = postgresCluster();

describe.each(['sqlite', 'postgres'] as const)('%s store', (dialect) => {
  const block = serverOnDialectPerBlock(dialect, cluster);
  let admin: Device;
  let control: Device;
  let reportId: string;

  const device = (username: string, password?: string) => block.device(username, password ? { password } : {});
  const audit = (afterSeq = 0): Promise<StoredAuditEntry[]> => block.withStore((s) => s.auditEntries('95200', afterSeq, 100_000));
  const auditHead = async () => (await audit()).at(-1)?.seq ?? 0;
  const importFile = (file: unknown) => http<any>(block.server.url, '/api/admin/import', { token: admin.token, body: file });
  const exportOf = async (d: Device) =>
    JSON.parse(
      JSON.stringify(
        await exportPending(d.db, d.engine.events, { deviceId: d.deviceId, deviceKey: d.deviceKey, user: { id: d.user.id, username: d.user.username, municipality: d.user.municipality } }),
      ),
    );

  beforeAll(async () => {
    admin = await device('admin');
    control = await device('control');
    reportId = (await startReport(control.db, control.ctx, SEMESTER)).id;
    await control.syncNow();
  }, 120_000);

  it("an admin's forged file naming Control Interno with a sign-off is refused whole: nothing applied, the attempt audited", async () => {
    const at = new Date().toISOString();
    const signoff: Mutation = { id: uuidv7(), kind: 'plan_signoff', recordId: uuidv7(), op: 'create', baseRev: null, at, data: { reportId, at } };
    const request = createMutation();
    const content = {
      format: 'gel-campo/pendientes' as const,
      exportedAt: at,
      deviceId: 'forged-device-01',
      user: { id: control.user.id, username: 'control', municipality: '95200' },
      mutations: [signoff, request],
      refused: [],
      files: [],
    };
    const mark = await auditHead();
    const attempts: [string, unknown][] = [
      // What the attack review did: an unsealed file (the format before seals).
      ['unsealed', { ...content, version: 1 }],
      // Sealed with a key of the admin's making, with the admin's own device key, and with the
      // admin's key while naming Control Interno's real device.
      ['mac', await sealExport({ ...content, version: 2 }, newSecretKey())],
      ['mac', await sealExport({ ...content, version: 2, deviceId: admin.deviceId }, admin.deviceKey as string)],
      ['mac', await sealExport({ ...content, version: 2, deviceId: control.deviceId }, admin.deviceKey as string)],
    ];
    for (const [reason, file] of attempts) {
      const res = await importFile(file);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'SEAL_INVALID', details: { reason } });
      expect(res.body.message).toEqual(expect.any(String));
    }

    const everything = await pullAll(block.server.url, admin.token, 2000);
    const report = everything.find((c) => c.kind === 'plan_report' && c.id === reportId);
    expect(report?.data.signedOffAt ?? null).toBeNull();
    expect(everything.some((c) => c.id === request.recordId || c.id === signoff.recordId)).toBe(false);
    const entries = await audit(mark);
    expect(entries.filter((e) => e.userId === control.user.id)).toEqual([]);
    const imports = entries.filter((e) => e.action === 'import');
    expect(imports).toHaveLength(attempts.length);
    for (const e of imports) {
      expect(e).toMatchObject({ userId: admin.user.id, deviceId: admin.deviceId, detail: { refused: 'SEAL_INVALID', claimedAuthor: control.user.id } });
    }
    // The admin may not sign off in their own name either: the role matrix still holds.
    const own = await http<any>(block.server.url, '/api/sync/push', { token: admin.token, body: { deviceId: admin.deviceId, mutations: [signoff] } });
    expect(own.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
  });

  it("a file sealed by Control Interno's own device is applied as theirs; the audit names author and importer", async () => {
    const phone = await device('control');
    await phone.syncNow();
    phone.setOnline(false);
    await signOffReport(phone.db, phone.ctx, reportId);
    const file = await exportOf(phone);
    expect(file).toMatchObject({ version: 2, deviceId: phone.deviceId, seal: { alg: 'HMAC-SHA256' } });

    const mark = await auditHead();
    const res = await importFile(file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: 1, rejected: [], author: { id: control.user.id, username: 'control', deviceId: phone.deviceId } });
    const report = (await pullAll(block.server.url, admin.token, 2000)).find((c) => c.kind === 'plan_report' && c.id === reportId);
    expect(report?.data).toMatchObject({ signedOffBy: control.user.id, signedOffAt: expect.any(String) });

    const entries = await audit(mark);
    const importedBy = { userId: admin.user.id, deviceId: admin.deviceId };
    expect(entries.find((e) => e.action === 'create' && e.kind === 'plan_signoff')).toMatchObject({
      userId: control.user.id,
      deviceId: phone.deviceId,
      detail: { importedBy },
    });
    expect(entries.filter((e) => e.action === 'import')).toEqual([
      expect.objectContaining({ userId: admin.user.id, deviceId: admin.deviceId, detail: expect.objectContaining({ author: control.user.id, authorDevice: phone.deviceId, applied: 1 }) }),
    ]);
    // Every change the import applied is the author's, and says who brought it in.
    for (const e of entries.filter((e) => e.action !== 'import')) expect(e.userId).toBe(control.user.id);

    // Twice: the receipts answer, nothing new is written but the import entry.
    const again = await auditHead();
    expect((await importFile(file)).body).toMatchObject({ applied: 1, rejected: [] });
    expect((await audit(again)).map((e) => e.action)).toEqual(['import']);
  });

  it('a tampered file, a revoked device, a deactivated author or a role that no longer permits the changes: the whole file is refused', async () => {
    const patchUser = (id: string, body: unknown) => http<any>(block.server.url, `/api/admin/users/${id}`, { method: 'PATCH', token: admin.token, body });
    /** A committee member's phone, offline: a citizen request and a goal, exported sealed. */
    async function sealedFrom(username: string) {
      await createUserAsAdmin(block.server.url, { username, displayName: `Comité ${username}`, role: 'committee' });
      const d = await device(username, OTHER_PASSWORD);
      d.setOnline(false);
      await d.file();
      await setGoal(d.db, d.ctx, 1, SEMESTER, 80);
      return { d, file: await exportOf(d) };
    }
    const mark = await auditHead();
    const b = await sealedFrom('comite.b');
    const tampered = structuredClone(b.file);
    tampered.mutations[0].data.subject = 'Cambiado por quien importa';
    const reassigned = { ...b.file, user: { ...b.file.user, id: control.user.id, username: 'control' } };
    for (const file of [tampered, reassigned]) {
      const res = await importFile(file);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'SEAL_INVALID', details: { reason: 'mac' } });
    }

    // Demoted to official: the goal is no longer theirs to set, so the request (still allowed) stays out too.
    expect((await patchUser(b.d.user.id, { role: 'official', dependencia: 'Ventanilla única' })).status).toBe(200);
    const demoted = await importFile(b.file);
    expect(demoted.status).toBe(403);
    expect(demoted.body).toMatchObject({ code: 'IMPORT_REFUSED', details: { reason: 'not-permitted', refused: [expect.objectContaining({ mutationId: b.file.mutations[1].id })] } });

    const c = await sealedFrom('comite.c');
    expect((await http<any>(block.server.url, `/api/admin/devices/${c.d.deviceId}/revoke`, { method: 'POST', token: admin.token })).status).toBe(200);
    expect((await importFile(c.file)).body).toMatchObject({ code: 'IMPORT_REFUSED', details: { reason: 'device-revoked' } });

    const d = await sealedFrom('comite.d');
    expect((await patchUser(d.d.user.id, { active: false })).status).toBe(200);
    expect((await importFile(d.file)).body).toMatchObject({ code: 'IMPORT_REFUSED', details: { reason: 'author-inactive' } });

    // Nothing of any of them reached the server, and each attempt is in the audit as the admin's.
    const ids = new Set([b, c, d].flatMap((x) => x.file.mutations.map((m: { recordId: string }) => m.recordId)));
    expect((await pullAll(block.server.url, admin.token, 2000)).filter((ch) => ids.has(ch.id))).toEqual([]);
    const entries = await audit(mark);
    expect(entries.filter((e) => ['create', 'update'].includes(e.action) && ids.has(String(e.recordId)))).toEqual([]);
    expect(entries.filter((e) => e.action === 'import').map((e) => [e.userId, e.detail.refused, e.detail.reason])).toEqual([
      [admin.user.id, 'SEAL_INVALID', 'mac'],
      [admin.user.id, 'SEAL_INVALID', 'mac'],
      [admin.user.id, 'IMPORT_REFUSED', 'not-permitted'],
      [admin.user.id, 'IMPORT_REFUSED', 'device-revoked'],
      [admin.user.id, 'IMPORT_REFUSED', 'author-inactive'],
    ]);
  });

  it("after an admin resets Control Interno's password, signing in as them on their laptop hands out no key, and keys from before the reset never verify again", async () => {
    const laptopId = 'control-laptop-0001';
    const before = await login(block.server.url, 'control', DEMO_PASSWORD, laptopId);
    expect(before.deviceKey).toEqual(expect.any(String));
    const report = await startReport(control.db, control.ctx, PREVIOUS_SEMESTER);
    await control.syncNow();
    const signoffFile = (deviceKey: string) => {
      const at = new Date().toISOString();
      const signoff: Mutation = { id: uuidv7(), kind: 'plan_signoff', recordId: uuidv7(), op: 'create', baseRev: null, at, data: { reportId: report.id, at } };
      const user = { id: control.user.id, username: 'control', municipality: '95200' };
      return sealExport({ format: 'gel-campo/pendientes', version: 2, exportedAt: at, deviceId: laptopId, user, mutations: [signoff], refused: [], files: [] }, deviceKey);
    };
    // Sealed by the laptop before the reset (a file on a USB stick nobody imported yet).
    const sealedBefore = await signoffFile(before.deviceKey as string);

    // The attack: the laptop's id is on the admin's devices screen; the admin resets the
    // password and signs in as Control Interno on that device id.
    const listed = await http<any>(block.server.url, '/api/admin/devices', { token: admin.token });
    expect(listed.body.devices.map((d: { deviceId: string }) => d.deviceId)).toContain(laptopId);
    const reset = await http<any>(block.server.url, `/api/admin/users/${control.user.id}/reset-password`, { method: 'POST', token: admin.token });
    expect(reset.status).toBe(200);
    const asVictim = await login(block.server.url, 'control', reset.body.temporaryPassword, laptopId);
    expect(asVictim.user.mustChangePassword).toBe(true);
    expect(asVictim.deviceKey ?? null).toBeNull();
    expect(asVictim.officialIdKey).toBeUndefined();
    const refreshed = await http<any>(block.server.url, '/api/auth/refresh', { method: 'POST', token: asVictim.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.deviceKey ?? null).toBeNull();
    expect(refreshed.body.officialIdKey).toBeUndefined();
    // Whatever key the admin seals with, the file is refused whole; the laptop's old key is revoked.
    for (const [key, code, reason] of [
      [admin.deviceKey as string, 'SEAL_INVALID', 'mac'],
      [newSecretKey(), 'SEAL_INVALID', 'mac'],
      [before.deviceKey as string, 'IMPORT_REFUSED', 'device-revoked'],
    ] as const) {
      const res = await importFile(await signoffFile(key));
      expect(res.body).toMatchObject({ code, details: { reason } });
    }
    expect((await importFile(sealedBefore)).body).toMatchObject({ code: 'IMPORT_REFUSED', details: { reason: 'device-revoked' } });
    const signedOff = async () => (await pullAll(block.server.url, admin.token, 2000)).find((c) => c.kind === 'plan_report' && c.id === report.id)?.data.signedOffAt ?? null;
    expect(await signedOff()).toBeNull();
    const resetEntry = (await audit()).findLast((e) => e.action === 'password-reset');
    expect(resetEntry?.detail.revokedDeviceKeys).toBeGreaterThanOrEqual(2);

    // Control Interno chooses their own password on the laptop: a NEW key, and the file sealed
    // with the old one never verifies again (the attack review's key included).
    const changed = await http<any>(block.server.url, '/api/auth/password', {
      token: refreshed.body.token,
      body: { currentPassword: reset.body.temporaryPassword, newPassword: 'pantano lámpara guadua veintisiete' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.deviceKey).toEqual(expect.any(String));
    expect(changed.body.deviceKey).not.toBe(before.deviceKey);
    expect(changed.body.officialIdKey).toEqual(expect.any(String));
    expect((await importFile(sealedBefore)).body).toMatchObject({ code: 'SEAL_INVALID', details: { reason: 'mac' } });
    expect(await signedOff()).toBeNull();
    // The laptop lost its storage: signing in again with their own password gives the same new key,
    // and a file sealed with it is theirs.
    const again = await login(block.server.url, 'control', 'pantano lámpara guadua veintisiete', laptopId);
    expect(again.deviceKey).toBe(changed.body.deviceKey);
    expect((await importFile(await signoffFile(again.deviceKey as string))).body).toMatchObject({ applied: 1, rejected: [] });
    expect(await signedOff()).toEqual(expect.any(String));
  });
});
