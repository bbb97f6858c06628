// @vitest-environment happy-dom
// Filing a consulta or reclamo: every refusal under its field (the person's fields too, whose
// schema paths are nested), then a filing clears what it took and keeps the type and the date.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { DsrForm } from '../../../src/ui/habeas/dsr-form';
import { closeServices, renderWithServices } from '../services';

afterEach(async () => {
  cleanup();
  await closeServices();
});

const field = (label: string) => screen.getByLabelText(label, { exact: true }) as HTMLInputElement;
const described = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

it('names each refused field, focuses the first, and files once corrected', async () => {
  const { db } = await renderWithServices(<DsrForm />, 'admin');
  fireEvent.change(field('Tipo'), { target: { value: 'reclamo' } });
  fireEvent.input(field('Número de documento'), { target: { value: '12' } });
  fireEvent.click(screen.getByRole('button', { name: 'Registrar la solicitud' }));

  await waitFor(() => expect(document.activeElement).toBe(field('Número de documento')));
  for (const label of ['Número de documento', 'Nombre completo', 'Dirección', 'Descripción']) {
    expect(field(label).getAttribute('aria-invalid')).toBe('true');
  }
  expect(described(field('Nombre completo'))).toContain('Escriba el nombre completo');
  expect(described(field('Dirección'))).toContain('Escriba una dirección física o un correo para la respuesta');
  expect(screen.getByRole('alert').textContent).toContain('Revise los');
  expect(field('Correo electrónico').getAttribute('aria-invalid')).toBeNull();
  expect(await db.data_subject_request.count()).toBe(0);

  fireEvent.input(field('Número de documento'), { target: { value: '52468913' } });
  fireEvent.input(field('Nombre completo'), { target: { value: 'Marta Rondón' } });
  fireEvent.input(field('Dirección'), { target: { value: 'Calle 5 # 3-20' } });
  fireEvent.input(field('Descripción'), { target: { value: 'Pide corregir su dirección' } });
  fireEvent.click(screen.getByRole('button', { name: 'Registrar la solicitud' }));
  expect((await screen.findByRole('status')).textContent).toBe('Solicitud registrada en este dispositivo; se enviará al sincronizar.');
  expect(await db.data_subject_request.count()).toBe(1);
  expect((await db.data_subject_request.toArray())[0]).toMatchObject({ type: 'reclamo', person: { name: 'Marta Rondón', idNumber: '52468913' } });
  // What was filed is cleared; the type stays for the next one.
  expect(field('Nombre completo').value).toBe('');
  expect((field('Tipo') as unknown as HTMLSelectElement).value).toBe('reclamo');
  expect(field('Nombre completo').getAttribute('aria-invalid')).toBeNull();
});
