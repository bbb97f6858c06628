// Open data of the semester (Ley 1712 de 2014, menu item 7 "Datos abiertos"): the Decreto 1081
// request figures per type and the action plan's indicators, frozen when Control Interno signs
// the semiannual report (the server stores this snapshot on the report and the portal serves
// it as CSV and JSON with a data dictionary). Aggregates only: no personal data goes in.
import { z } from 'zod/mini';
import type { ComputedPlanReport } from '../plan/plan-report';
import type { PqrsdReport } from '../pqrsd/report';

const num = z.nullable(z.number());

export const requestFigureSchema = z.object({
  tipo: z.string(),
  termino_dias_habiles: num,
  recibidas: z.number().check(z.int()),
  trasladadas: z.number().check(z.int()),
  trasladadas_fuera_de_termino: z.number().check(z.int()),
  respondidas: z.number().check(z.int()),
  negadas: z.number().check(z.int()),
  negadas_acceso_informacion: z.number().check(z.int()),
  desistidas: z.number().check(z.int()),
  abiertas: z.number().check(z.int()),
  respondidas_fuera_de_termino: z.number().check(z.int()),
  tiempo_promedio_respuesta_dias_habiles: num,
});
export const indicatorRowSchema = z.object({
  accion: z.number().check(z.int()),
  nombre: z.string(),
  indicador: z.string(),
  frecuencia: z.string(),
  valor_semestre: num,
  valor_secundario: num,
  meta: num,
  semaforo: z.string(),
});
export const openDataSchema = z.object({
  semestre: z.string().check(z.regex(/^\d{4}-[12]$/)),
  publicado: z.string(),
  solicitudes: z.array(requestFigureSchema),
  indicadores: z.array(indicatorRowSchema),
});
export type OpenData = z.infer<typeof openDataSchema>;
export type OpenDataset = 'solicitudes' | 'indicadores';

/** Field, type and meaning of each dataset's columns (the data dictionary). */
export const OPEN_DATA_DICTIONARY: Record<OpenDataset, { campo: string; tipo: string; descripcion: string }[]> = {
  solicitudes: [
    { campo: 'tipo', tipo: 'texto', descripcion: 'Tipo de solicitud (Ley 1755 de 2015); «Total» suma todos los tipos' },
    { campo: 'termino_dias_habiles', tipo: 'número', descripcion: 'Término legal de respuesta en días hábiles; vacío si no tiene' },
    { campo: 'recibidas', tipo: 'número', descripcion: 'Solicitudes recibidas en el semestre (Decreto 1081 de 2015, art. 2.1.1.6.2)' },
    { campo: 'trasladadas', tipo: 'número', descripcion: 'Trasladadas a la autoridad competente (art. 21)' },
    { campo: 'trasladadas_fuera_de_termino', tipo: 'número', descripcion: 'Trasladadas después de los 5 días hábiles' },
    { campo: 'respondidas', tipo: 'número', descripcion: 'Respondidas' },
    { campo: 'negadas', tipo: 'número', descripcion: 'Respondidas negando lo pedido (todos los tipos)' },
    { campo: 'negadas_acceso_informacion', tipo: 'número', descripcion: 'Peticiones de documentos o información negadas (negación del acceso a la información)' },
    { campo: 'desistidas', tipo: 'número', descripcion: 'Cerradas por desistimiento expreso o tácito' },
    { campo: 'abiertas', tipo: 'número', descripcion: 'Sin cerrar a la fecha de corte' },
    { campo: 'respondidas_fuera_de_termino', tipo: 'número', descripcion: 'Respondidas después del vencimiento' },
    { campo: 'tiempo_promedio_respuesta_dias_habiles', tipo: 'número', descripcion: 'Promedio de días hábiles netos (sin días suspendidos) hasta la respuesta, sin traslados ni felicitaciones' },
  ],
  indicadores: [
    { campo: 'accion', tipo: 'número', descripcion: 'Número de la acción del plan de acción GEL (1 a 6)' },
    { campo: 'nombre', tipo: 'texto', descripcion: 'Nombre de la acción' },
    { campo: 'indicador', tipo: 'texto', descripcion: 'Indicador de la acción' },
    { campo: 'frecuencia', tipo: 'texto', descripcion: 'Frecuencia de medición' },
    { campo: 'valor_semestre', tipo: 'número', descripcion: 'Valor del indicador en el semestre (porcentaje)' },
    { campo: 'valor_secundario', tipo: 'número', descripcion: 'Acción 2: porcentaje de evaluaciones superadas' },
    { campo: 'meta', tipo: 'número', descripcion: 'Meta del semestre (porcentaje)' },
    { campo: 'semaforo', tipo: 'texto', descripcion: 'verde, amarillo, rojo o sin datos frente a la meta' },
  ],
};

const LIGHT = { green: 'verde', yellow: 'amarillo', red: 'rojo', none: 'sin datos' } as const;
const FREQUENCY: Record<string, string> = { monthly: 'mensual', quarterly: 'trimestral', semiannual: 'semestral', annual: 'anual' };

export function buildOpenData(requests: PqrsdReport, plan: ComputedPlanReport, publishedAt: string): OpenData {
  const row = (tipo: string, termDays: number | null, c: PqrsdReport['totals']) => ({
    tipo,
    termino_dias_habiles: termDays,
    recibidas: c.received,
    trasladadas: c.transferred,
    trasladadas_fuera_de_termino: c.transferredLate,
    respondidas: c.answered,
    negadas: c.denied,
    negadas_acceso_informacion: c.deniedAccess,
    desistidas: c.withdrawn,
    abiertas: c.open,
    respondidas_fuera_de_termino: c.answeredLate,
    tiempo_promedio_respuesta_dias_habiles: c.averageResponseDays,
  });
  return {
    semestre: plan.semester,
    publicado: publishedAt,
    solicitudes: [...requests.byType.map((t) => row(t.label, t.termDays, t)), row('Total', null, requests.totals)],
    indicadores: plan.actions.map((a) => ({
      accion: a.number,
      nombre: a.name,
      indicador: a.indicator,
      frecuencia: FREQUENCY[a.frequency] ?? a.frequency,
      valor_semestre: a.semesterValue,
      valor_secundario: a.secondaryValue,
      meta: a.goal,
      semaforo: LIGHT[a.light],
    })),
  };
}

/** A dataset as a table: its dictionary's fields as headers, in that order. */
export function openDataTable(data: OpenData, dataset: OpenDataset): { headers: string[]; rows: (string | number | null)[][] } {
  const headers = OPEN_DATA_DICTIONARY[dataset].map((f) => f.campo);
  const items: Record<string, string | number | null>[] = dataset === 'solicitudes' ? data.solicitudes : data.indicadores;
  return { headers, rows: items.map((item) => headers.map((h) => item[h] ?? null)) };
}
