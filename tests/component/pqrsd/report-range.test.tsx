// @vitest-environment happy-dom
// A report whose "desde" is after "hasta" says why, on the field, instead of a blank page.
import 'fake-indexeddb/auto';
import { fireEvent, render, screen } from '@testing-library/preact';
import { expect, it } from 'vitest';
import { PqrsdReport } from '../../../src/ui/pqrsd/pqrsd-report';
import { ServicesContext, type Services } from '../../../src/ui/services';
import { componentDbEachTest } from '../component-db';

const openTestDb = componentDbEachTest('report');

it('names the reversed range on "Hasta" and shows the report again once corrected', async () => {
  const db = openTestDb();
  render(
    <ServicesContext.Provider value={{ db, session: { user: { municipality: '95200' } } } as unknown as Services}>
      <PqrsdReport />
    </ServicesContext.Provider>,
  );
  fireEvent.input(screen.getByLabelText('Desde'), { target: { value: '2026-07-01' } });
  fireEvent.input(screen.getByLabelText('Hasta'), { target: { value: '2026-06-30' } });
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toBe('«Hasta» (30/06/2026) es anterior a «Desde» (01/07/2026): corrija una de las dos fechas.');
  const to = screen.getByLabelText('Hasta');
  expect(to.getAttribute('aria-invalid')).toBe('true');
  expect(to.getAttribute('aria-describedby')).toBe(alert.id);
  expect(screen.queryByRole('button', { name: 'Descargar CSV' })).toBeNull();

  fireEvent.input(screen.getByLabelText('Hasta'), { target: { value: '2026-12-31' } });
  expect(await screen.findByRole('button', { name: 'Descargar CSV' })).toBeTruthy();
  expect(screen.queryByRole('alert')).toBeNull();
  expect(screen.getByLabelText('Hasta').getAttribute('aria-invalid')).toBeNull();
});
