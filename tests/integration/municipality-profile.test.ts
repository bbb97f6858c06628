// Two municipalities on one server: each one's devices, documents, portal and report carry its
// own profile and never the other's; settings changed on the server reach a device and its due dates.
import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateLocal } from '../../src/modules/local-records';
import { saveProfile } from '../../src/modules/municipality/commands';
import { localProfile, localSettings } from '../../src/modules/municipality/profile';
import { signOffReport, startReport } from '../../src/modules/plan/commands';
import { fileRequest } from '../../src/modules/pqrsd/file-request';
import { privacyNotice } from '../../src/modules/pqrsd/privacy-notice';
import { addBusinessDays, todayInBogota } from '#shared/calendar';
import { KNOWN_MUNICIPALITIES } from '#shared/municipality/municipality-seed';
import { MUNICIPALITY_PROFILE_ID } from '#shared/municipality/municipality-schema';
import { PRIVACY_NOTICE_VERSION } from '#shared/records';
import { semesterOf } from '#shared/training/training-schema';
import { sampleFiling } from '../helpers/fixtures';
import { http, makeDevice, REPO_ROOT, startServerProcess, type Device, type ServerProcess } from '../helpers/server-process';

const run = promisify(execFile);
const PASSWORD = 'tejado-almendra-pescador-niebla';
const SJ = KNOWN_MUNICIPALITIES['95001']!.name;
const MF = KNOWN_MUNICIPALITIES['95200']!.name;

let server: ServerProcess;
const admin = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'sync-server/admin-cli.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: server.dataDir } });
const createUser = (username: string, role: string, code: string) =>
  admin(['create-user', '--username', username, '--name', `Persona ${username}`, '--role', role, '--municipality', code, '--password', PASSWORD]);

beforeAll(async () => {
  // The demo seeds 95200; this server's portal is 95001's.
  server = await startServerProcess({ PORTAL_MUNICIPALITY: '95001' });
  // A seed municipality needs no other step than its first user.
  await createUser('admin.sj', 'admin', '95001');
  await createUser('ventanilla.sj', 'official', '95001');
  await createUser('control.sj', 'internal_control', '95001');
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const filing = (receivedAt: string) =>
  sampleFiling({ receivedAt, citizen: { idType: 'CC', idNumber: '1234567', name: 'María Pérez', address: 'Calle 5 # 3-20' } });

describe('a second municipality (95001) on the same server', () => {
  it('its devices get its profile, its admin edits it, and no device of the other municipality sees it', { timeout: 120_000 }, async () => {
    const sjAdmin = await makeDevice(server.url, 'admin.sj', { password: PASSWORD });
    const sjDesk = await makeDevice(server.url, 'ventanilla.sj', { password: PASSWORD });
    const mfAdmin = await makeDevice(server.url, 'admin');
    for (const d of [sjAdmin, sjDesk, mfAdmin]) await d.syncNow();
    expect((await localProfile(sjAdmin.db, '95001')).entityName).toBe(`Alcaldía Municipal de ${SJ}`);

    const current = await localProfile(sjAdmin.db, '95001');
    const { id: _i, municipality: _m, ...form } = current;
    await saveProfile(sjAdmin.db, current, {
      ...form,
      address: 'Carrera 20 # 8-02, barrio Centro',
      phone: '608 584 0000',
      email: 'contactenos@sanjose.example.gov.co',
      policyUrl: 'https://sanjose.example.gov.co/politica-datos',
    });
    await sjAdmin.syncNow();
    await sjDesk.syncNow();
    await mfAdmin.syncNow();

    // The official's device holds it, so a receipt and the notice printed offline carry it.
    sjDesk.setOnline(false);
    const p = await localProfile(sjDesk.db, '95001');
    expect(p).toMatchObject({ municipality: '95001', name: SJ, phone: '608 584 0000', email: 'contactenos@sanjose.example.gov.co' });
    const notice = privacyNotice(p).paragraphs.join(' ');
    expect(notice).toContain('Carrera 20 # 8-02');
    expect(notice).toContain('https://sanjose.example.gov.co/politica-datos');
    expect(notice).not.toContain(MF);
    const saved = await fileRequest(sjDesk.db, sjDesk.ctx, { ...filing('2026-07-10T15:00:00Z'), privacyNotice: { version: privacyNotice(p).version, shownAt: '2026-07-10T15:00:00Z' } });
    sjDesk.setOnline(true);
    await sjDesk.syncNow();
    const synced = await sjDesk.db.pqrsd.get(saved.id);
    expect(synced?.radicado).toMatch(/^95001-2026-/);
    expect(synced?.privacyNotice.version).toMatch(new RegExp(`^${PRIVACY_NOTICE_VERSION}\\.[0-9a-f]{8}$`));
    const lookup = (r: { radicado: string | null; verificationCode: string } | undefined) =>
      http<string>(server.url, `/portal/consulta?radicado=${r?.radicado ?? ''}&codigo=${r?.verificationCode ?? ''}`);
    expect((await lookup(synced)).status).toBe(200);

    // 95200's devices keep their own profile and never receive 95001's.
    const mf = await localProfile(mfAdmin.db, '95200');
    expect(mf.entityName).toBe(`Alcaldía Municipal de ${MF}`);
    expect(JSON.stringify(await mfAdmin.db.municipality_profile.toArray())).not.toContain(SJ);

    // Only the admin may change it: an official's change is refused and kept with the reason.
    await updateLocal(sjDesk.db, 'municipality_profile', MUNICIPALITY_PROFILE_ID, { phone: '000' });
    await sjDesk.syncNow();
    expect((await sjDesk.db.quarantine.toArray()).map((q) => q.error.code)).toContain('FORBIDDEN');
    // 95200's admin changing "the profile" changes 95200's only.
    await updateLocal(mfAdmin.db, 'municipality_profile', MUNICIPALITY_PROFILE_ID, { phone: '608 000 1111' });
    await mfAdmin.syncNow();
    await sjAdmin.syncNow();
    expect((await localProfile(sjAdmin.db, '95001')).phone).toBe('608 584 0000');
    expect((await localProfile(mfAdmin.db, '95200')).phone).toBe('608 000 1111');
    for (const d of [sjAdmin, sjDesk, mfAdmin]) await d.close();
  });

  it('its portal and its semiannual report carry its profile, never the other one', { timeout: 120_000 }, async () => {
    const control = await makeDevice(server.url, 'control.sj', { password: PASSWORD });
    await control.syncNow();
    const report = await startReport(control.db, control.ctx, semesterOf(todayInBogota()));
    await signOffReport(control.db, control.ctx, report.id);
    await control.syncNow();
    const signed = await control.db.plan_report.get(report.id);
    const published = await control.db.portal_draft.get(signed?.publishedDraftId as string);
    expect(published?.body).toContain(`Municipio de ${SJ} (Guaviare)`);
    expect(published?.body).not.toContain(MF);

    for (const path of ['/portal', '/portal/transparencia', '/portal/consulta', `/portal/contenido/${published?.slug}`, '/portal/feed.atom']) {
      const page = await http<string>(server.url, path);
      expect(page.status, path).toBe(200);
      expect(page.body, path).toContain(SJ);
      expect(page.body, path).not.toContain(MF);
    }
    const home = await http<string>(server.url, '/portal');
    expect(home.body).toMatch(new RegExp(`<title>[^<]*Alcaldía Municipal de ${SJ}`));
    await control.close();
  });
});

describe('settings changed on the server', () => {
  it('reach a device and change the due dates it computes offline (and the server agrees)', { timeout: 120_000 }, async () => {
    const desk: Device = await makeDevice(server.url, 'funcionario');
    await desk.syncNow();
    expect((await localSettings(desk.db)).pqrsd.saturdayIsBusinessDay).toBe(false);
    const before = await fileRequest(desk.db, desk.ctx, filing('2026-07-10T15:00:00Z'));
    expect(before.lifecycle.dueDate).toBe(addBusinessDays('2026-07-10', 15));
    await desk.syncNow();

    const out = await admin(['municipality', 'set', '--municipality', '95200', '--saturday', 'yes', '--threshold', '90']);
    expect(out.stdout).toContain('"saturdayIsBusinessDay": true');
    await desk.syncNow();
    expect((await localSettings(desk.db)).pqrsd.saturdayIsBusinessDay).toBe(true);
    expect((await localSettings(desk.db)).training.minAttendanceShare).toBe(0.9);

    desk.setOnline(false);
    const after = await fileRequest(desk.db, desk.ctx, filing('2026-07-10T15:00:00Z'));
    const withSaturdays = addBusinessDays('2026-07-10', 15, { saturdayIsBusinessDay: true });
    expect(withSaturdays).not.toBe(addBusinessDays('2026-07-10', 15));
    expect(after.lifecycle.dueDate).toBe(withSaturdays);
    desk.setOnline(true);
    await desk.syncNow();
    // The server computed the same on its side; the request radicado before the change keeps its date.
    expect((await desk.db.pqrsd.get(after.id))?.lifecycle.dueDate).toBe(withSaturdays);
    expect((await desk.db.pqrsd.get(before.id))?.lifecycle.dueDate).toBe(addBusinessDays('2026-07-10', 15));
    // This server's portal is 95001's: a 95200 radicado with its right code is not found there.
    const mine = await desk.db.pqrsd.get(after.id);
    expect(mine?.radicado).toMatch(/^95200-/);
    expect((await http<string>(server.url, `/portal/consulta?radicado=${mine?.radicado}&codigo=${mine?.verificationCode}`)).status).toBe(404);
    // 95001's rules did not change.
    const sj = await makeDevice(server.url, 'admin.sj', { password: PASSWORD });
    await sj.syncNow();
    expect((await localSettings(sj.db)).pqrsd.saturdayIsBusinessDay).toBe(false);
    await admin(['municipality', 'set', '--municipality', '95200', '--saturday', 'no', '--threshold', '80']);
    for (const d of [desk, sj]) await d.close();
  });
});
