import { expect, test } from '@playwright/test';
import { fillSignIn, onPhoneReadyForOffline, PASSWORD } from './app';

// A trainer who signed in here before signs out, then signs in again with no connection: their
// own data opens, their offline work is kept, and the server decides at the next contact (the
// sign-out ended that session there, so it asks for the password once online, then sends it all).

test('sign in again offline with the password of the last online sign-in; the server decides when the link returns', async ({ browser }) => {
  const stamp = String(Date.now()).slice(-6);
  const { context, page } = await onPhoneReadyForOffline(browser, 'capacitador');
  await expect(page.getByRole('heading', { name: 'Capacitación en ofimática' })).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado');
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await fillSignIn(page, 'capacitador', 'no-es-la-clave');
  await expect(page.getByRole('alert')).toHaveText('Usuario o contraseña incorrectos.');
  // Someone who never signed in on this device still needs the connection.
  await fillSignIn(page, 'funcionario');
  await expect(page.getByRole('alert')).toContainText('necesita internet');

  await fillSignIn(page, 'capacitador');
  await expect(page.getByRole('heading', { name: 'Capacitación en ofimática' })).toBeVisible();
  await expect(page.getByTestId('link-state')).toContainText('Sin conexión');

  // Work offline: kept and counted.
  await page.getByLabel('Nombre del curso').fill(`Procesador de texto ${stamp}`);
  await page.getByLabel('Temas (uno por línea)').fill('Estilos');
  await page.getByLabel('Horas').fill('6');
  await page.getByLabel('Nota máxima de la escala').fill('5');
  await page.getByLabel('Nota mínima para aprobar').fill('3');
  await page.getByRole('button', { name: 'Crear curso' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('1 cambio por enviar');

  // Back online: the server no longer knows that session (signed out), so it asks once; then it all goes.
  await context.setOffline(false);
  await expect(page.getByText('Su sesión ya no es válida en el servidor')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('pending-count')).toHaveText('1 cambio por enviar');
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('Todo enviado', { timeout: 20_000 });
  await context.close();
});
