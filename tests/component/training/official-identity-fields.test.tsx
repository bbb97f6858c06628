// @vitest-environment happy-dom
// The fields that name an official are one component on two forms: the roster's add form and
// the attendance walk-in. Each saves what is typed in them, and each ties a refusal to its field.
import 'fake-indexeddb/auto';
import { fireEvent, render, screen } from '@testing-library/preact';
import { expect, it } from 'vitest';
import { createCourse, createSession } from '../../../src/modules/training/commands';
import { uuidv7 } from '#shared/ids';
import { ServicesContext, type Services } from '../../../src/ui/services';
import { AttendancePage } from '../../../src/ui/training/attendance-page';
import { RosterPage } from '../../../src/ui/training/roster-page';
import { componentDbEachTest } from '../component-db';

const openTestDb = componentDbEachTest('official-fields');
const device = { deviceId: uuidv7(), userId: uuidv7(), municipality: '95200', officialIdKey: 'A'.repeat(43) };

function mount(page: preact.JSX.Element) {
  const db = openTestDb();
  render(<ServicesContext.Provider value={{ db, device, session: { user: { role: 'admin' } } } as unknown as Services}>{page}</ServicesContext.Provider>);
  return db;
}

function fillIdentity(prefix: string, who: { idType: string; idNumber: string; fullName: string; dependencia: string }) {
  fireEvent.change(document.getElementById(`${prefix}-idType`) as HTMLSelectElement, { target: { value: who.idType } });
  for (const k of ['idNumber', 'fullName', 'dependencia'] as const) {
    fireEvent.input(document.getElementById(`${prefix}-${k}`) as HTMLInputElement, { target: { value: who[k] } });
  }
}

it('the roster form saves the official named in its identity fields', async () => {
  const db = mount(<RosterPage />);
  await screen.findByTestId('roster-empty');
  expect(screen.getByLabelText('Tipo de documento')).toBeTruthy();
  fillIdentity('r', { idType: 'CE', idNumber: '765432', fullName: 'Lucía Rojas', dependencia: 'Tesorería' });
  fireEvent.click(screen.getByRole('button', { name: 'Agregar funcionario' }));
  await screen.findByText('Lucía Rojas', { exact: false });
  expect(await db.official.toArray()).toMatchObject([{ idType: 'CE', idNumber: '765432', fullName: 'Lucía Rojas', dependencia: 'Tesorería', walkIn: false }]);
});

it('the walk-in form saves the participant and marks them present; a missing name is refused on its field', async () => {
  const db = openTestDb();
  const course = await createCourse(db, device, { semester: '2026-1', name: 'Hoja de cálculo', hours: 8, scaleMax: 5, passThreshold: 3 });
  const session = await createSession(db, device, { courseId: course.id, date: '2026-03-12', startTime: '08:00', endTime: '12:00', place: 'Sala de sistemas', trainer: 'Capacitador' });
  render(
    <ServicesContext.Provider value={{ db, device, session: { user: { role: 'trainer' } } } as unknown as Services}>
      <AttendancePage id={session.id} />
    </ServicesContext.Provider>,
  );
  await screen.findByTestId('attendance-list');
  fillIdentity('w', { idType: 'CC', idNumber: '1.234.567', fullName: '', dependencia: 'Hacienda' });
  fireEvent.click(screen.getByRole('button', { name: 'Agregar y marcar presente' }));
  const name = document.getElementById('w-fullName') as HTMLInputElement;
  await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
  expect(await db.official.count()).toBe(0);

  fireEvent.input(name, { target: { value: 'Pedro Gómez' } });
  fireEvent.click(screen.getByRole('button', { name: 'Agregar y marcar presente' }));
  await screen.findByText('Pedro Gómez');
  expect(await db.official.toArray()).toMatchObject([{ idType: 'CC', fullName: 'Pedro Gómez', dependencia: 'Hacienda', walkIn: true }]);
  expect(await db.attendance_mark.toArray()).toMatchObject([{ sessionId: session.id, status: 'present' }]);
});
