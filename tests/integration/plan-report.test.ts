// Measurements recorded offline on two devices → the server's published report equals the device's.
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { addComputer, recordMeasurement, setGoal, signOffReport, startReport } from '../../src/modules/plan/commands';
import { updateLocal } from '../../src/modules/local-records';
import { todayInBogota } from '#shared/calendar';
import { periodKey } from '#shared/plan/periods';
import { buildPlanReport, planReportMarkdown } from '#shared/plan/plan-report';
import { semesterOf } from '#shared/training/training-schema';
import { loadPlanData } from '../../src/ui/plan/plan-data';
import { sqliteFile } from '../../sync-server/config';
import { SqliteStore } from '../../sync-server/store/sqlite-store';
import { http, makeDevice, serverPerFile } from '../helpers/server-process';

const server = serverPerFile();


it('the report Control Interno signs off is the one every device computes', async () => {
  const today = todayInBogota();
  const semester = semesterOf(today);
  const committee = await makeDevice(server.url, 'comite');
  const admin = await makeDevice(server.url, 'admin');
  const control = await makeDevice(server.url, 'control');
  await committee.syncNow();
  await admin.syncNow();
  expect(await committee.db.plan_action.count()).toBe(6); // the plan, loaded by the server on first start
  expect(await committee.db.gel_phase.count()).toBe(5);

  // Offline on two devices, different indicators.
  committee.setOnline(false);
  admin.setOnline(false);
  const pcs = [];
  for (const code of ['PC-01', 'PC-02', 'PC-03', 'PC-04']) pcs.push(await addComputer(committee.db, committee.ctx, { code, dependencia: 'Secretaría de Gobierno' }));
  await recordMeasurement(committee.db, committee.ctx, {
    action: 1,
    period: periodKey('monthly', today),
    data: { kind: 'connectivity', items: pcs.map((p, i) => ({ computerId: p.id as string, connected: i !== 3, note: '' })) },
  });
  await setGoal(committee.db, committee.ctx, 1, semester, 90);
  await recordMeasurement(admin.db, admin.ctx, {
    action: 4,
    period: today.slice(0, 4),
    data: { kind: 'budget', gelLineCop: 45_000_000, totalBudgetCop: 9_000_000_000 },
  });
  await recordMeasurement(admin.db, admin.ctx, {
    action: 5,
    period: periodKey('quarterly', today),
    data: { kind: 'resources', physical: { requested: 10, assigned: 8 }, economic: { requested: 100, assigned: 50 }, human: { requested: 2, assigned: 2 } },
  });
  committee.setOnline(true);
  admin.setOnline(true);
  await admin.syncNow();
  await committee.syncNow();
  await control.syncNow();

  const report = await startReport(control.db, control.ctx, semester);
  await updateLocal(control.db, 'plan_report', report.id, { observations: { '1': 'Falta conectar el equipo de la Personería.' }, summary: 'Avance aceptable.' });
  await control.syncNow();
  const onDevice = buildPlanReport(await loadPlanData(control.db, control.ctx.municipality), semester, (await control.db.plan_report.get(report.id)) ?? null, today);
  expect(onDevice.actions.find((a) => a.number === 1)?.semesterValue).toBe(75);
  expect(onDevice.actions.find((a) => a.number === 4)?.semesterValue).toBe(0.5);

  await signOffReport(control.db, control.ctx, report.id);
  await control.syncNow();
  const signed = await control.db.plan_report.get(report.id);
  expect(signed?.signedOffAt).toBeTruthy();
  const published = await control.db.portal_draft.get(signed?.publishedDraftId as string);
  expect(published?.status).toBe('publicado');
  expect(published?.category).toBe('planeacion-presupuesto-informes');
  // Same figures on the server as on the device: the published text equals the device's rendering.
  const [text, anchor] = (published?.body ?? '').split('\n## Ancla del registro de auditoría');
  expect(`${text}`).toBe(planReportMarkdown(onDevice, { by: 'Oficina de Control Interno', at: signed?.signedOffAt as string }));
  // It ends with the audit head of the moment it was signed, which the server's log still holds.
  const [, seq, hash] = /ancla `95200\/(\d+):([0-9a-f]{64})`/.exec(anchor ?? '') ?? [];
  const audit = new SqliteStore(sqliteFile(server.dataDir));
  const entry = (await audit.auditEntries('95200', Number(seq) - 1, 1))[0];
  await audit.close();
  expect(entry).toMatchObject({ seq: Number(seq), hash, action: 'audit-anchor', recordId: report.id });
  const page = await http<string>(server.url, `/portal/contenido/${published?.slug}`);
  expect(page.status).toBe(200);
  expect(page.body).toContain('Falta conectar el equipo de la Personería.');
  expect(page.body).toContain(hash);

  // Signed means final: a later change of the report is refused and kept with the reason.
  await updateLocal(control.db, 'plan_report', report.id, { summary: 'Cambio tardío' });
  await control.syncNow();
  expect((await control.db.quarantine.toArray()).map((q) => q.error.code)).toContain('INVALID_TRANSITION');
  for (const d of [committee, admin, control]) await d.close();
});
