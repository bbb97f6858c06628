import { expect, test, type Page } from '@playwright/test';
import { fileRequest, goTo, onPhoneReadyForOffline } from './app';

// The sync bar tells the truth on a phone: every module's offline write shows up as pending with
// nothing pressed, leaves by itself when the link returns, and sign-out warns while any is left.

async function pendingCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('pending-count').textContent()) ?? '';
  if (text === 'Todo enviado') return 0;
  const n = /^(\d+) cambios? por enviar$/.exec(text);
  if (!n) throw new Error(`Unexpected status: ${text}`);
  return Number(n[1]);
}

/** The count rises above `before` within a second of the write, with nothing pressed. */
async function expectMorePending(page: Page, before: number): Promise<number> {
  await expect.poll(() => pendingCount(page), { timeout: 1_000, intervals: [100] }).toBeGreaterThan(before);
  return pendingCount(page);
}

test('offline writes of every module are counted at once, sent by themselves online; sign-out warns meanwhile', async ({ browser }) => {
  const stamp = String(Date.now()).slice(-7);
  const { context, page } = await onPhoneReadyForOffline(browser, 'admin');
  await expect(page.getByTestId('last-sync')).toContainText('Última sincronización');
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado');
  await context.setOffline(true);
  let n = 0;

  // Roster.
  await goTo(page, 'Funcionarios');
  await page.getByLabel('Número de documento').fill(`52${stamp}`);
  await page.getByLabel('Nombre completo').fill(`Luz Marina Prueba ${stamp}`);
  await page.getByLabel('Dependencia').fill('Hacienda');
  await page.getByRole('button', { name: 'Agregar funcionario' }).click();
  n = await expectMorePending(page, n);

  // Course, session, attendance, evaluation.
  await goTo(page, 'Capacitación');
  await page.getByLabel('Nombre del curso').fill(`Hoja de cálculo ${stamp}`);
  await page.getByLabel('Temas (uno por línea)').fill('Fórmulas');
  await page.getByLabel('Horas').fill('8');
  await page.getByLabel('Nota máxima de la escala').fill('5');
  await page.getByLabel('Nota mínima para aprobar').fill('3');
  await page.getByRole('button', { name: 'Crear curso' }).click();
  n = await expectMorePending(page, n);
  await page.getByTestId('course-list').getByRole('link', { name: `Hoja de cálculo ${stamp}` }).click();
  await page.getByLabel('Lugar').fill('Sala de sistemas');
  await page.getByRole('button', { name: 'Convocar a todos los activos' }).click();
  await page.getByRole('button', { name: 'Crear sesión' }).click();
  n = await expectMorePending(page, n);
  await page.getByRole('link', { name: /^\d{2}\/\d{2}\/\d{4}|^\d{4}-\d{2}-\d{2}/ }).first().click();
  const row = page.getByTestId('attendance-row').filter({ hasText: `Luz Marina Prueba ${stamp}` });
  await row.getByRole('button', { name: 'Presente', exact: true }).click();
  n = await expectMorePending(page, n);
  await page.goBack();
  await page.getByLabel(`Nota de Luz Marina Prueba ${stamp}`).fill('4');
  await page.getByRole('button', { name: 'Guardar nota' }).first().click();
  n = await expectMorePending(page, n);

  // Plan: a computer.
  await goTo(page, 'Plan GEL');
  await page.getByTestId('action-1').getByRole('link').click();
  await page.getByLabel('Código o placa').fill(`PC-${stamp}`);
  await page.getByLabel('Dependencia').fill('Alcaldía');
  await page.getByRole('button', { name: 'Agregar computador' }).click();
  n = await expectMorePending(page, n);

  // Portal: a draft.
  await goTo(page, 'Portal');
  await page.getByLabel('Sección', { exact: true }).selectOption('noticias');
  await page.getByRole('button', { name: 'Nuevo borrador' }).click();
  n = await expectMorePending(page, n);

  // PQRSD: a filing.
  await fileRequest(page, { idNumber: `112${stamp}`, name: 'Pedro Pérez', address: 'Vereda Lagos', subject: 'Alumbrado', description: 'Se dañó el poste de la vereda' });
  await expectMorePending(page, n);

  // Sign-out while work is unsent: warned, with the export offered.
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Hay cambios sin enviar' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Exportar pendientes' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await expect(dialog).toBeHidden();

  // The link returns: everything leaves with nothing pressed.
  await context.setOffline(false);
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado', { timeout: 20_000 });
  await expect(page.getByTestId('link-state')).toContainText('En línea');

  // Nothing left: signing out is immediate.
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  await context.close();
});
