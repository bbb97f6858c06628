// @vitest-environment happy-dom
// The steps of a reclamo on the habeas screen (Ley 1581 art. 15): the legend «reclamo en trámite»,
// the requirement to complete it and its completion, the transfer with the notice to the titular.
// Each form shows its limit before the date is picked (from the shared pure functions), refuses
// under the field, and writes to the device database (with its outbox entry).
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileDataSubjectRequest } from '../../../src/modules/habeas/data-subject-requests';
import { DsrSection } from '../../../src/ui/habeas/dsr-section';
import type { GelDb } from '../../../src/db/database';
import type { DeviceContext } from '../../../src/modules/local-records';
import { DEFAULT_MUNICIPALITY_SETTINGS, seedProfile } from '#shared/municipality/municipality-schema';
import { closeServices, renderWithServices } from '../services';

beforeEach(() => {
  // Only the clock: "today" is Tue 2026-07-14 in Bogotá (07-13 was a holiday).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-07-14T15:00:00Z'));
});
afterEach(async () => {
  cleanup();
  await closeServices();
  vi.useRealTimers();
});

async function fileReclamo(db: GelDb, device: DeviceContext, type: 'reclamo' | 'consulta' = 'reclamo') {
  return fileDataSubjectRequest(db, device, {
    type,
    right: 'rectificar',
    channel: 'presencial',
    receivedOn: '2026-07-10',
    person: { idType: 'CC', idNumber: '52468913', name: 'Marta Rondón', address: 'Calle 5 # 3-20', email: '', phone: '' },
    description: 'Pide corregir su dirección',
  });
}

async function renderWith(setup?: (db: GelDb) => Promise<unknown>) {
  const view = await renderWithServices(<DsrSection onSearch={() => undefined} />, 'admin');
  await setup?.(view.db);
  const r = await fileReclamo(view.db, view.device);
  const item = await screen.findByTestId('dsr-item');
  return { ...view, r, item };
}

/** The text an input's aria-describedby points to. */
function description(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

function choose(item: HTMLElement, step: string) {
  fireEvent.change(within(item).getByLabelText('Paso'), { target: { value: step } });
}
const typeIn = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const record = (item: HTMLElement) => fireEvent.click(within(item).getByRole('button', { name: 'Registrar el paso' }));

describe('the steps of a reclamo', () => {
  it('requirement: shows its 5-day limit, refuses under the fields, then waits for the completion and its 2-month withdrawal date', async () => {
    const { db, r, item } = await renderWith();
    expect(within(item).getByTestId('dsr-due').textContent).toBe('Vence el 04/08/2026');
    const steps = within(item).getByLabelText('Paso');
    expect([...(steps as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'leyenda', 'requerir', 'trasladar', 'prorrogar', 'responder']);

    choose(item, 'requerir');
    const date = within(item).getByLabelText('Fecha del requerimiento');
    expect(description(date)).toContain('hasta el 21/07/2026');
    expect(description(date)).toContain('2 meses');
    // Nothing said of what to complete, and a date after the limit: both under their fields.
    typeIn(date, '2026-07-22');
    record(item);
    const what = within(item).getByLabelText('Qué debe completar el titular');
    await waitFor(() => expect(what.getAttribute('aria-invalid')).toBe('true'));
    expect(description(what)).toContain('Indique qué debe completar');
    expect(within(item).getByRole('alert').textContent).toContain('Qué debe completar el titular');
    expect(await db.data_subject_request.get(r.id)).toMatchObject({ incomplete: null });

    typeIn(what, 'Copia del documento que soporta la corrección');
    record(item);
    await waitFor(() => expect(date.getAttribute('aria-invalid')).toBe('true'));
    expect(description(date)).toContain('(hasta 2026-07-21)');

    typeIn(date, '2026-07-14');
    record(item);
    await waitFor(() => expect(within(item).getByTestId('reclamo-requirement').textContent).toContain('Requerido el 14/07/2026'));
    expect(within(item).getByTestId('reclamo-requirement').textContent).toContain('Se entiende desistido el 14/09/2026 si no completa');
    expect(within(item).getByTestId('dsr-due').textContent).toBe('El término corre desde el día siguiente a que se complete el reclamo.');
    expect((await db.data_subject_request.get(r.id))?.incomplete).toEqual({ requiredOn: '2026-07-14', what: 'Copia del documento que soporta la corrección', completedOn: null });
    expect(await db.outbox.where('[kind+recordId]').equals(['data_subject_request', r.id]).count()).toBe(2);

    // Waiting: the legend, the completion and the transfer only.
    await waitFor(() => expect([...(within(item).getByLabelText('Paso') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'leyenda', 'completar', 'trasladar']));
    choose(item, 'completar');
    const completed = within(item).getByLabelText('Fecha en que el titular completó');
    expect(description(completed)).toContain('Hasta antes del 14/09/2026');
    typeIn(completed, '2026-07-14');
    record(item);
    // The 15 business days count from the day after the completion.
    await waitFor(() => expect(within(item).getByTestId('dsr-due').textContent).toBe('Vence el 05/08/2026'));
    expect(within(item).getByTestId('reclamo-requirement').textContent).toContain('Completado el 14/07/2026');
  });

  it('legend «reclamo en trámite»: pending with its 2-day limit, recorded, removed once the reclamo is decided', async () => {
    const { db, r, item } = await renderWith();
    expect(within(item).getByTestId('reclamo-legend').textContent).toBe('Falta incluir la leyenda «reclamo en trámite» (hasta el 15/07/2026)');
    choose(item, 'leyenda');
    const date = within(item).getByLabelText('Fecha en que se incluyó la leyenda');
    expect(description(date)).toContain('hasta el 15/07/2026');
    typeIn(date, '2026-07-14');
    record(item);
    await waitFor(() => expect(within(item).getByTestId('reclamo-legend').textContent).toBe('Leyenda «reclamo en trámite» incluida el 14/07/2026'));
    expect((await db.data_subject_request.get(r.id))?.legendOn).toBe('2026-07-14');

    choose(item, 'responder');
    typeIn(within(item).getByLabelText('Resumen de la respuesta'), 'Se corrigió la dirección en todos los registros');
    record(item);
    await waitFor(() => expect(within(item).getByTestId('reclamo-legend').textContent).toBe('Leyenda «reclamo en trámite» retirada: el reclamo fue decidido'));
    expect(within(item).queryByTestId('dsr-steps')).toBeNull();
  });

  it('transfer: needs the day the titular was told; recorded after the 2 business days it is marked late', async () => {
    const { db, r, item } = await renderWith();
    choose(item, 'trasladar');
    const date = within(item).getByLabelText('Fecha del traslado');
    expect(description(date)).toContain('hasta el 15/07/2026');
    typeIn(within(item).getByLabelText('A quién se trasladó'), 'Registraduría Nacional del Estado Civil');
    typeIn(date, '2026-07-14');
    record(item);
    const told = within(item).getByLabelText('Fecha en que se informó al titular del traslado');
    await waitFor(() => expect(told.getAttribute('aria-invalid')).toBe('true'));
    expect(description(told)).toContain('Indique cuándo se informó al titular del traslado.');
    expect((await db.data_subject_request.get(r.id))?.transfer).toBeNull();

    typeIn(told, '2026-07-14');
    vi.setSystemTime(new Date('2026-07-17T15:00:00Z'));
    typeIn(date, '2026-07-16');
    typeIn(told, '2026-07-16');
    record(item);
    await waitFor(() => expect(within(item).getByTestId('reclamo-transfer').textContent).toBe('Trasladado a Registraduría Nacional del Estado Civil el 16/07/2026; titular informado el 16/07/2026 — fuera de término'));
    expect(item.textContent).toContain('Trasladada por competencia');
    expect(within(item).queryByTestId('dsr-steps')).toBeNull();
  });

  it('a consulta offers only the extension and the answer', async () => {
    const view = await renderWithServices(<DsrSection onSearch={() => undefined} />, 'admin');
    await fileReclamo(view.db, view.device, 'consulta');
    const item = await screen.findByTestId('dsr-item');
    expect([...(within(item).getByLabelText('Paso') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'prorrogar', 'responder']);
    expect(within(item).queryByTestId('reclamo-facts')).toBeNull();
  });
});

describe("the municipality's Saturday setting", () => {
  it('moves the due date and the limits shown (Mon–Sat: 30/07, requirement by 17/07)', async () => {
    const { item } = await renderWith((db) => {
      const profile = seedProfile('95200');
      const settings = { ...DEFAULT_MUNICIPALITY_SETTINGS, pqrsd: { ...DEFAULT_MUNICIPALITY_SETTINGS.pqrsd, saturdayIsBusinessDay: true } };
      return db.municipality_profile.put({ ...profile, settings, _rev: 1, _sync: 'synced' } as never);
    });
    await waitFor(() => expect(within(item).getByTestId('dsr-due').textContent).toBe('Vence el 30/07/2026'));
    choose(item, 'requerir');
    expect(description(within(item).getByLabelText('Fecha del requerimiento'))).toContain('hasta el 17/07/2026');
  });
});
