// @vitest-environment happy-dom
// Day one: an empty roster says who fills it and what a trainer can do meanwhile.
import 'fake-indexeddb/auto';
import { render, screen } from '@testing-library/preact';
import { expect, it } from 'vitest';
import { addOfficial } from '../../../src/modules/training/commands';
import { uuidv7 } from '#shared/ids';
import { ServicesContext, type Services } from '../../../src/ui/services';
import { RosterPage } from '../../../src/ui/training/roster-page';
import { componentDbEachTest } from '../component-db';

const openTestDb = componentDbEachTest('roster');

const device = { deviceId: uuidv7(), userId: uuidv7(), municipality: '95200', officialIdKey: 'A'.repeat(43) };
function mount(role: 'trainer' | 'admin') {
  const db = openTestDb();
  render(
    <ServicesContext.Provider value={{ db, device, session: { user: { role } } } as unknown as Services}>
      <RosterPage />
    </ServicesContext.Provider>,
  );
  return db;
}

it('tells a trainer that the admin adds officials, and that a walk-in can be added in a session', async () => {
  mount('trainer');
  const empty = await screen.findByTestId('roster-empty');
  expect(empty.textContent).toContain('Los agrega el administrador de la aplicación');
  expect(empty.textContent).toContain('«Agregar y marcar presente»');
  expect(screen.queryByRole('button', { name: 'Agregar funcionario' })).toBeNull();
});

it('tells an admin to use the form, and goes away once someone is on the roster', async () => {
  const db = mount('admin');
  expect((await screen.findByTestId('roster-empty')).textContent).toContain('Agréguelos con el formulario «Agregar funcionario»');
  await addOfficial(db, device, { idType: 'CC', idNumber: '52345678', fullName: 'Ana Gómez', dependencia: 'Hacienda', position: '', active: true });
  await screen.findByText('Ana Gómez', { exact: false });
  expect(screen.queryByTestId('roster-empty')).toBeNull();
});
