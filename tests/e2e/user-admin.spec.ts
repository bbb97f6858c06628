import { expect, test, type Browser, type Page } from '@playwright/test';
import { seriousViolations, submitSignIn } from './app';

async function signIn(browser: Browser, username: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await submitSignIn(page, username, password);
  return page;
}

test('admin creates a user, edits, resets the password → the user must change it first; axe clean', async ({ browser }) => {
  const admin = await signIn(browser, 'admin', 'miraflores2026');
  await admin.getByRole('link', { name: 'Usuarios' }).click();
  await expect(admin.getByTestId('users')).toContainText('funcionario');
  expect(await seriousViolations(admin)).toEqual([]);

  // Create, with a dependencia.
  const create = admin.getByTestId('create-user');
  await create.getByLabel('Usuario').fill('mgomez');
  await create.getByLabel('Nombre').fill('Marta Gómez');
  await create.getByLabel('Rol').selectOption('official');
  await create.getByLabel('Dependencia').fill('Secretaría de Salud');
  await create.getByLabel('Contraseña inicial').fill('corta');
  await create.getByRole('button', { name: 'Crear usuario' }).click();
  await expect(create.getByRole('alert')).toContainText('Mínimo 10 caracteres');
  // Long enough but made of her own name: the server's Spanish reason, under the password field.
  const initial = create.getByLabel('Contraseña inicial');
  await initial.fill('martagomez2026');
  await create.getByRole('button', { name: 'Crear usuario' }).click();
  await expect(create.getByRole('alert')).toHaveText(/^La contraseña es demasiado fácil de adivinar\. No debería haber datos personales/);
  await expect(initial).toHaveAttribute('aria-invalid', 'true');
  await expect(initial).toHaveAccessibleDescription(/La contraseña es demasiado fácil de adivinar/);
  await create.getByLabel('Contraseña inicial').fill('clave-inicial-de-marta');
  await create.getByRole('button', { name: 'Crear usuario' }).click();
  const row = admin.locator('tr[data-username="mgomez"]');
  await expect(row).toContainText('Secretaría de Salud');

  // Edit the dependencia; an admin cannot demote themselves (readable Spanish refusal).
  await row.getByRole('button', { name: 'Editar: Marta Gómez' }).click();
  await admin.getByTestId('edit-user').getByLabel('Dependencia').fill('Secretaría de Gobierno');
  await admin.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(row).toContainText('Secretaría de Gobierno');
  await admin.locator('tr[data-username="admin"]').getByRole('button', { name: /^Editar/ }).click();
  await admin.getByTestId('edit-user').getByLabel('Rol').selectOption('official');
  await admin.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(admin.getByTestId('edit-user').getByRole('alert')).toContainText('no puede desactivarse ni quitarse el rol');
  await admin.getByRole('button', { name: 'Cancelar' }).click();

  // Reset: the temporary password is shown once.
  admin.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: 'Restablecer contraseña: Marta Gómez' }).click();
  const shown = admin.getByTestId('temp-password');
  await expect(shown).toHaveText(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
  const temporary = (await shown.textContent()) as string;
  await expect(admin.getByTestId('temporary-password')).toContainText('no se volverá a mostrar');
  expect(await seriousViolations(admin)).toEqual([]);

  // The user signs in with it: the change-password screen comes before anything else.
  const user = await signIn(browser, 'mgomez', temporary);
  const form = user.getByTestId('change-password');
  await expect(form.getByRole('heading', { name: 'Elija una contraseña nueva' })).toBeVisible();
  await expect(user.getByRole('navigation', { name: 'Secciones' })).toHaveCount(0);
  expect(await seriousViolations(user)).toEqual([]);
  await form.getByLabel('Contraseña temporal').fill(temporary);
  // Too easy to guess (the municipality's name and a year): refused, the reason tied to the field.
  const next = form.getByLabel('Contraseña nueva', { exact: true });
  await next.fill('miraflores2026');
  await form.getByLabel('Repita la contraseña nueva').fill('miraflores2026');
  await form.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(form.getByRole('alert')).toHaveText(/^La contraseña es demasiado fácil de adivinar\./);
  await expect(next).toHaveAttribute('aria-invalid', 'true');
  await expect(next).toHaveAccessibleDescription(/La contraseña es demasiado fácil de adivinar/);
  expect(await seriousViolations(user)).toEqual([]);
  await form.getByLabel('Contraseña nueva', { exact: true }).fill('la-clave-de-marta-2026');
  await form.getByLabel('Repita la contraseña nueva').fill('otra-cosa-distinta');
  await form.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(form.getByRole('alert')).toHaveText('Las dos contraseñas nuevas no coinciden.');
  await form.getByLabel('Repita la contraseña nueva').fill('la-clave-de-marta-2026');
  await form.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(user.getByTestId('change-password')).toHaveCount(0);
  await expect(user.getByRole('link', { name: 'Cambiar contraseña' })).toBeVisible();
  await user.getByRole('button', { name: 'Sincronizar ahora' }).click();
  await expect(user.getByTestId('pending-count')).toHaveText('Todo enviado');

  // The new password works for a fresh sign-in, without the forced screen.
  const again = await signIn(browser, 'mgomez', 'la-clave-de-marta-2026');
  await expect(again.getByRole('link', { name: 'Cambiar contraseña' })).toBeVisible();
  await expect(again.getByTestId('change-password')).toHaveCount(0);
});
