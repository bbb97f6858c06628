import { expect, test } from '@playwright/test';

// An unknown username is throttled exactly like a real one (no enumeration), and using one keeps
// the demo accounts of the other browser tests out of it.
test('after repeated wrong passwords the sign-in screen says, in Spanish, when to try again', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Usuario').fill('intruso.e2e');
  const password = page.getByLabel('Contraseña');
  const alert = page.getByRole('alert');
  for (let i = 0; i < 5; i++) {
    await password.fill(`no-es-la-clave-${i}`);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await expect(alert).toHaveText('Usuario o contraseña incorrectos.');
    await expect(page.getByRole('button', { name: 'Ingresar' })).toBeEnabled();
  }
  await password.fill('otra-mas');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  // The first wait is 30 s (SIGN_IN_DELAY_SECONDS), less the moment since the last failure.
  await expect(alert).toHaveText(/^Demasiados intentos fallidos\. Intente de nuevo en (30|29|28) segundos\.$/);
});
