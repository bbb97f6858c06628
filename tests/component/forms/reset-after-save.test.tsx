// @vitest-environment happy-dom
// A form clears only what was saved: what the person types while the last entry is still being
// written to the device stays in the form. And an empty entry says what is missing.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectivityCheck } from '../../../src/ui/plan/measurement-forms';
import { TrainingHome } from '../../../src/ui/training/training-home';
import { clearSaved } from '../../../src/ui/common/use-form-state';
import { closeServices, renderWithServices } from '../services';

afterEach(async () => {
  cleanup();
  await closeServices();
});

const el = (id: string) => document.getElementById(id) as HTMLInputElement;
const type = (id: string, value: string) => fireEvent.input(el(id), { target: { value } });

describe('clearSaved', () => {
  it('blanks the fields that still show what was saved and keeps what changed since', () => {
    const blank = { code: '', office: '', note: '' };
    const saved = { code: 'PC-01', office: 'Tesorería', note: 'nuevo' };
    const now = { code: 'PC-02', office: 'Tesorería', note: 'nuevo' };
    expect(clearSaved(now, saved, blank)).toEqual({ code: 'PC-02', office: '', note: '' });
    expect(clearSaved(now, saved, blank, ['office'])).toEqual({ code: 'PC-02', office: 'Tesorería', note: '' });
  });
});

describe('a form saving while the next entry is typed', () => {
  it('«Agregar computador»: the next code typed during the save stays; the office stays for the next one', async () => {
    const { db } = await renderWithServices(<ConnectivityCheck period="2026-11" />, 'committee');
    type('pc-code', 'PC-01');
    type('pc-dep', 'Tesorería');
    fireEvent.click(screen.getByRole('button', { name: 'Agregar computador' }));
    // The save is on its way to IndexedDB (asynchronous): the next computer is typed now.
    type('pc-code', 'PC-02');
    await screen.findByText('Computador PC-01 agregado.');
    expect((await db.computer.toArray()).map((c) => c.code)).toEqual(['PC-01']);
    expect(el('pc-code').value).toBe('PC-02');
    expect(el('pc-dep').value).toBe('Tesorería');
    // Saving with nothing new typed clears the code, as before.
    fireEvent.click(screen.getByRole('button', { name: 'Agregar computador' }));
    await screen.findByText('Computador PC-02 agregado.');
    await waitFor(() => expect(el('pc-code').value).toBe(''));
  });

  it('«Agregar computador» with empty fields says what is missing, under each field', async () => {
    const { db } = await renderWithServices(<ConnectivityCheck period="2026-11" />, 'committee');
    fireEvent.click(screen.getByRole('button', { name: 'Agregar computador' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Revise los 2 campos marcados: Código o placa, Dependencia.');
    for (const id of ['pc-code', 'pc-dep']) {
      expect(el(id).getAttribute('aria-invalid')).toBe('true');
      expect(document.getElementById(`${id}-error`)?.textContent).toBe('Este campo es obligatorio.');
    }
    await waitFor(() => expect(document.activeElement).toBe(el('pc-code')));
    expect(await db.computer.count()).toBe(0);
  });

  it('a new course: the next course name typed during the save is not wiped', async () => {
    const { db } = await renderWithServices(<TrainingHome />, 'trainer');
    await screen.findByText('Crear curso');
    type('c-name', 'Excel básico');
    fireEvent.click(screen.getByRole('button', { name: 'Crear curso' }));
    type('c-name', 'Word intermedio');
    await screen.findByText('Curso guardado en este dispositivo.');
    expect((await db.course.toArray()).map((c) => c.name)).toEqual(['Excel básico']);
    expect(el('c-name').value).toBe('Word intermedio');
  });
});
