// @vitest-environment happy-dom
// Every refusal names its field: the reason under the input (aria-invalid, aria-describedby),
// all of them at once, a summary naming the fields, the focus on the first; required fields are
// marked before any attempt; never the validation library's own wording.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TrainingHome } from '../../../src/ui/training/training-home';
import { PqrsdForm } from '../../../src/ui/pqrsd/pqrsd-form';
import { closeServices, renderWithServices } from '../services';

afterEach(async () => {
  cleanup();
  await closeServices();
});

/** No text of the validation library reaches the person. */
const RAW = /Demasiado|se esperaba|recibido|NaN|Entrada inválida|Opción inválida|Cadena inválida/;

/** The input a label names (a required field's label ends in « *», hidden from screen readers). */
async function labelled(text: string): Promise<HTMLInputElement> {
  const label = await screen.findByText((_, el) => el?.tagName === 'LABEL' && el.textContent?.replace(/ \*$/, '') === text);
  return input((label as HTMLLabelElement).htmlFor);
}

function input(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no #${id}`);
  return el as HTMLInputElement;
}

/** The text an input's aria-describedby points to. */
function description(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('a form with errors', () => {
  it('shows every field reason at once, tied to its input, and moves the focus to the first', async () => {
    const { db } = await renderWithServices(<TrainingHome />, 'trainer');
    const name = await labelled('Nombre del curso');
    fireEvent.input(input('c-hours'), { target: { value: '' } });
    fireEvent.input(input('c-pass'), { target: { value: 'abc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Crear curso' }));

    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(document.activeElement).toBe(name));
    for (const [id, text] of [
      ['c-name', 'Este campo es obligatorio.'],
      ['c-hours', 'Este campo es obligatorio.'],
      ['c-pass', 'Escriba un número.'],
    ] as const) {
      expect(input(id).getAttribute('aria-invalid')).toBe('true');
      expect(description(input(id))).toContain(text);
    }
    // A field that is fine is not marked.
    expect(input('c-scale').getAttribute('aria-invalid')).toBeNull();
    expect(alert.textContent).toBe('Revise los 3 campos marcados: Nombre del curso, Horas, Nota mínima para aprobar.');
    expect(document.body.textContent).not.toMatch(RAW);
    expect(await db.course.count()).toBe(0);

    // Fixed: the marks go, the course is saved.
    fireEvent.input(name, { target: { value: 'Excel básico' } });
    fireEvent.input(input('c-hours'), { target: { value: '8' } });
    fireEvent.input(input('c-pass'), { target: { value: '3,5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Crear curso' }));
    await waitFor(async () => expect(await db.course.count()).toBe(1));
    await waitFor(() => expect(input('c-name').getAttribute('aria-invalid')).toBeNull());
    expect((await db.course.toArray())[0]?.passThreshold).toBe(3.5);
  });

  it('says a limit of the schema in words, and one field in error is named with its reason', async () => {
    await renderWithServices(<TrainingHome />, 'trainer');
    fireEvent.input(await labelled('Nombre del curso'), { target: { value: 'Ex' } });
    fireEvent.click(screen.getByRole('button', { name: 'Crear curso' }));
    const alert = await screen.findByRole('alert');
    expect(description(input('c-name'))).toContain('Escriba al menos 3 caracteres.');
    expect(alert.textContent).toBe('Revise el campo «Nombre del curso»: Escriba al menos 3 caracteres.');
    expect(document.body.textContent).not.toMatch(RAW);
  });

  it('marks the required fields before any attempt, and a citizen ID opens the numeric keyboard', async () => {
    await renderWithServices(<PqrsdForm />, 'official');
    const subject = await labelled('Asunto');
    expect(subject.hasAttribute('required')).toBe(true);
    expect(document.querySelector('label[for="subject"]')?.classList.contains('required-mark')).toBe(true);
    // A petition is never refused for a missing ID (DOMAIN §7): not marked.
    const idNumber = await labelled('Número de documento');
    expect(document.querySelector('label[for="idNumber"]')?.classList.contains('required-mark')).toBe(false);
    expect(screen.getByText('Los campos marcados con * son obligatorios.')).toBeTruthy();
    expect(idNumber.getAttribute('inputmode')).toBe('numeric');
    // A passport carries letters: the full keyboard.
    fireEvent.change(input('idType'), { target: { value: 'PA' } });
    await waitFor(() => expect(input('idNumber').getAttribute('inputmode')).toBe('text'));
  });

  it('on the filing form, the privacy notice and the field errors come together on the first attempt', async () => {
    const { db } = await renderWithServices(<PqrsdForm />, 'official');
    fireEvent.input(await labelled('Asunto'), { target: { value: 'x'.repeat(201) } });
    // A cédula too short: an ID typed is checked, though none is required.
    fireEvent.input(input('idNumber'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Radicar' }));
    await screen.findByRole('alert');
    for (const id of ['idNumber', 'subject', 'description', 'noticeShown']) {
      expect(input(id).getAttribute('aria-invalid'), id).toBe('true');
      expect(description(input(id)).length, id).toBeGreaterThan(0);
    }
    expect(description(input('subject'))).toContain('Escriba como máximo 200 caracteres.');
    expect(description(input('noticeShown'))).toContain('aviso de privacidad');
    await waitFor(() => expect(document.activeElement).toBe(input('idNumber')));
    expect(document.body.textContent).not.toMatch(RAW);
    expect(await db.pqrsd.count()).toBe(0);
  });
});
