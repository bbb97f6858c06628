// @vitest-environment happy-dom
// A session with nobody convened is said before it is created; a second press creates it.
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { expect, it } from 'vitest';
import { addOfficial, createCourse } from '../../../src/modules/training/commands';
import { uuidv7 } from '#shared/ids';
import { ServicesContext, type Services } from '../../../src/ui/services';
import { CoursePage } from '../../../src/ui/training/course-page';
import { componentDbEachTest } from '../component-db';

const openTestDb = componentDbEachTest('course');

async function mount() {
  const db = openTestDb();
  const device = { deviceId: uuidv7(), userId: uuidv7(), municipality: '95200', officialIdKey: null };
  const course = await createCourse(db, device, { semester: '2026-2', name: 'Hoja de cálculo', hours: 8, scaleMax: 5, passThreshold: 3 });
  const services = { db, device, session: { user: { role: 'trainer', displayName: 'Capacitador' } } } as unknown as Services;
  render(
    <ServicesContext.Provider value={services}>
      <CoursePage id={course.id} />
    </ServicesContext.Provider>,
  );
  await screen.findByRole('button', { name: 'Crear sesión' });
  return { db, device };
}

it('warns when nobody is convened and creates the session only on the second press', async () => {
  const { db } = await mount();
  fireEvent.input(screen.getByLabelText('Lugar'), { target: { value: 'Sala de sistemas' } });
  fireEvent.click(screen.getByRole('button', { name: 'Crear sesión' }));
  expect((await screen.findByTestId('session-warning')).textContent).toContain('No ha convocado a nadie');
  expect(await db.training_session.count()).toBe(0);
  fireEvent.click(screen.getByRole('button', { name: 'Crear sesión sin convocados' }));
  await waitFor(async () => expect(await db.training_session.count()).toBe(1));
  expect((await screen.findByRole('status')).textContent).toBe('Sesión guardada en este dispositivo.');
  expect(screen.queryByTestId('session-warning')).toBeNull();
});

it('creates a session with people convened at the first press', async () => {
  const { db, device } = await mount();
  await addOfficial(db, { ...device, officialIdKey: 'A'.repeat(43) }, { idType: 'CC', idNumber: '52345678', fullName: 'Ana Gómez', dependencia: 'Hacienda', position: '', active: true });
  await screen.findByText('Ana Gómez', { exact: false });
  fireEvent.click(screen.getByRole('button', { name: 'Convocar a todos los activos' }));
  await screen.findByText('1 convocado');
  fireEvent.input(screen.getByLabelText('Lugar'), { target: { value: 'Sala de sistemas' } });
  fireEvent.click(screen.getByRole('button', { name: 'Crear sesión' }));
  await waitFor(async () => expect(await db.training_session.count()).toBe(1));
  expect((await screen.findByRole('status')).textContent).toBe('Sesión guardada en este dispositivo.');
  expect(screen.queryByTestId('session-warning')).toBeNull();
});
