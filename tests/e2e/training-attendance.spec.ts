import { expect, test, type APIRequestContext } from '@playwright/test';
import { officialIdFor } from '#shared/training/official-id';
import { PASSWORD, seriousViolations, serviceWorkerReady, submitSignIn } from './app';

const DEPENDENCIAS = ['Secretaría de Gobierno', 'Secretaría de Hacienda', 'Planeación'];

/** A session opened on a device of that user's own (a device id belongs to one user). */
async function token(request: APIRequestContext, username: string): Promise<{ token: string; officialIdKey: string }> {
  const res = await request.post('/api/auth/login', { data: { username, password: PASSWORD, deviceId: `e2e-seed-${username}` } });
  return res.json();
}

let n = 0;
const mid = () => `0199${String(++n).padStart(4, '0')}-0000-7000-8000-${String(Date.now() % 1e12).padStart(12, '0')}`;

async function push(request: APIRequestContext, username: string, tok: string, mutations: unknown[]) {
  const res = await request.post('/api/sync/push', { headers: { authorization: `Bearer ${tok}` }, data: { deviceId: `e2e-seed-${username}`, mutations } });
  const body = await res.json();
  expect(body.results.map((r: { status: string }) => r.status)).toEqual(mutations.map(() => 'applied'));
}

test('take attendance for 30 people offline, reload, sync; axe clean', async ({ browser, request }) => {
  const at = new Date().toISOString();
  // The roster (by the admin) and a course with one session convening all 30 (by the trainer).
  const admin = await token(request, 'admin');
  const people = await Promise.all(
    Array.from({ length: 30 }, async (_, i) => {
      const idNumber = String(10_000_000 + i * 7919);
      return {
        id: await officialIdFor(admin.officialIdKey, '95200', 'CC', idNumber),
        data: { idType: 'CC', idNumber, fullName: `Funcionario Prueba ${String(i + 1).padStart(2, '0')}`, dependencia: DEPENDENCIAS[i % 3], position: 'Auxiliar' },
      };
    }),
  );
  await push(request, 'admin', admin.token, people.map((p) => ({ id: mid(), kind: 'official', recordId: p.id, op: 'create', baseRev: null, at, data: p.data })));
  const trainer = await token(request, 'capacitador');
  const courseId = mid();
  const sessionId = mid();
  await push(request, 'capacitador', trainer.token, [
    { id: mid(), kind: 'course', recordId: courseId, op: 'create', baseRev: null, at, data: { semester: '2026-2', name: 'Excel básico', topics: ['Fórmulas'], hours: 8, scaleMax: 5, passThreshold: 3 } },
    {
      id: mid(),
      kind: 'training_session',
      recordId: sessionId,
      op: 'create',
      baseRev: null,
      at,
      data: { courseId, date: '2026-11-20', startTime: '08:00', endTime: '12:00', place: 'Sala de sistemas', trainer: 'Capacitador', convened: people.map((p) => p.id) },
    },
  ]);

  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignIn(page, 'capacitador');
  await serviceWorkerReady(page);
  await page.goto(`/#/capacitacion/sesion/${sessionId}`);
  const rows = page.getByTestId('attendance-row');
  await expect(rows).toHaveCount(30);

  await context.setOffline(true);
  for (let i = 0; i < 30; i++) {
    const status = i % 10 === 9 ? 'Ausente' : i % 5 === 4 ? 'Llegó tarde' : 'Presente';
    await rows.nth(i).getByRole('button', { name: status, exact: true }).click();
  }
  await expect(page.getByTestId('attendance-summary')).toContainText('30 de 30 marcados');
  expect(await seriousViolations(page)).toEqual([]);

  await page.reload();
  await expect(rows).toHaveCount(30);
  await expect(page.locator('[data-testid="attendance-row"][data-status="present"]')).toHaveCount(24);
  await expect(page.locator('[data-testid="attendance-row"][data-status="late"]')).toHaveCount(3);
  await expect(page.locator('[data-testid="attendance-row"][data-status="absent"]')).toHaveCount(3);
  await expect(page.getByTestId('pending-count')).toHaveText('30 cambios por enviar');

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado');
  await context.close();

  // The server holds the 30 marks.
  const res = await request.post('/api/sync/pull', { headers: { authorization: `Bearer ${trainer.token}` }, data: { cursor: null, limit: 2000 } });
  const marks = (await res.json()).changes.filter((c: { kind: string; data: { sessionId: string } }) => c.kind === 'attendance_mark' && c.data.sessionId === sessionId);
  expect(marks).toHaveLength(30);
});
