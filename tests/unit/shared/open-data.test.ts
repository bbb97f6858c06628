import { describe, expect, it } from 'vitest';
import { buildOpenData, OPEN_DATA_DICTIONARY, openDataSchema, openDataTable } from '#shared/open-data/open-data';
import { type ReportInput } from '#shared/pqrsd/report';
import { buildPqrsdReport, foldEvents } from '../../helpers/default-rules';
import type { ComputedPlanReport } from '#shared/plan/plan-report';

const request = (id: string, type: ReportInput['type'], denied: boolean): ReportInput => ({
  id,
  type,
  channel: 'escrito',
  radicado: `95200-2026-00000${id}`,
  provisionalNumber: 'P-AB12-0001',
  subject: 'Asunto de Juanita Pérez, cédula 1012345678',
  lifecycle: foldEvents(type, '2026-07-10T15:00:00Z', [{ date: '2026-07-20', action: { type: 'responder', answer: 'Respuesta', denied, documentName: null } }]).lifecycle,
});

const plan = {
  semester: '2026-2',
  actions: [{ number: 1, name: 'Conectividad', indicator: '% de computadores con conectividad', frequency: 'monthly', semesterValue: 75, secondaryValue: null, goal: 90, light: 'yellow' }],
} as unknown as ComputedPlanReport;

describe('open data of a semester', () => {
  const report = buildPqrsdReport([request('1', 'peticion_documentos', true), request('2', 'queja', false)], { from: '2026-07-01', to: '2026-12-31' }, '2027-01-05');
  const data = buildOpenData(report, plan, '2027-01-05T15:00:00Z');

  it('holds the Decreto 1081 figures per type and in total, and the indicators', () => {
    expect(openDataSchema.parse(data)).toEqual(data);
    expect(data.solicitudes.at(-1)).toMatchObject({ tipo: 'Total', recibidas: 2, respondidas: 2, negadas: 1, negadas_acceso_informacion: 1 });
    expect(data.indicadores).toEqual([
      { accion: 1, nombre: 'Conectividad', indicador: '% de computadores con conectividad', frecuencia: 'mensual', valor_semestre: 75, valor_secundario: null, meta: 90, semaforo: 'amarillo' },
    ]);
  });
  it('tables follow the data dictionary, and nothing personal gets in', () => {
    for (const set of ['solicitudes', 'indicadores'] as const) {
      expect(openDataTable(data, set).headers).toEqual(OPEN_DATA_DICTIONARY[set].map((f) => f.campo));
    }
    const text = JSON.stringify(data);
    expect(text).not.toContain('Juanita');
    expect(text).not.toContain('1012345678');
    expect(text).not.toContain('95200-2026'); // not even radicados
  });
});
