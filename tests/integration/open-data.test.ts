// Open data (Ley 1712, menu item 7): Control Interno's sign-off publishes the semester's request
// figures and plan indicators as CSV and JSON with a dictionary; read here from the real server
// over HTTP, they parse and hold no ID number and no name of anyone in the data.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordStep } from '../../src/modules/pqrsd/record-step';
import { signOffReport, startReport } from '../../src/modules/plan/commands';
import { addOfficial } from '../../src/modules/training/commands';
import { todayInBogota } from '#shared/calendar';
import { semesterOf } from '#shared/training/training-schema';
import { sampleFiling } from '../helpers/fixtures';
import { makeDevice, startServerProcess, type ServerProcess } from '../helpers/server-process';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  await server?.stop();
});

const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

it('publishes the signed semester as CSV and JSON with no personal data', async () => {
  const today = todayInBogota();
  const semester = semesterOf(today);
  const filer = await makeDevice(server.url, 'comite');
  const control = await makeDevice(server.url, 'control');
  const admin = await makeDevice(server.url, 'admin');
  const people = [
    { idType: 'CC', idNumber: '1012345678', name: 'Juanita Pérez Gómez', address: 'Calle 5 # 3-21' },
    { idType: 'CC', idNumber: '79888777', name: 'Pedro Antonio Ruiz', email: 'pedro@example.org' },
  ] as const;
  const receivedAt = `${today}T09:00:00-05:00`;
  const a = await filer.file(sampleFiling({ type: 'peticion_documentos', receivedAt, citizen: people[0], subject: 'Copia de la resolución de Juanita' }));
  await filer.file(sampleFiling({ type: 'queja', receivedAt, citizen: people[1] }));
  await recordStep(filer.db, filer.ctx, { requestId: a.id, date: today, note: '', action: { type: 'responder', answer: 'Se niega: reserva legal', denied: true, documentName: null } });
  await addOfficial(admin.db, admin.ctx, { idType: 'CC', idNumber: '52111222', fullName: 'Rosa Ortiz Vargas', dependencia: 'Hacienda' });
  await filer.syncNow();
  await admin.syncNow();
  await control.syncNow();

  // Nothing before the sign-off.
  expect((await get(`/portal/datos-abiertos/solicitudes-${semester}.json`)).status).toBe(404);
  const report = await startReport(control.db, control.ctx, semester);
  await control.syncNow();
  await signOffReport(control.db, control.ctx, report.id);
  await control.syncNow();
  expect(await control.db.quarantine.count()).toBe(0);

  const index = await get('/portal/datos-abiertos');
  expect(index.text).toContain(`solicitudes-${semester}.csv`);
  expect((await get('/portal/transparencia')).text).toContain('href="/portal/datos-abiertos"');

  const json = await get(`/portal/datos-abiertos/solicitudes-${semester}.json`);
  expect(json.type).toContain('application/json');
  const requests = JSON.parse(json.text) as { semestre: string; datos: Record<string, unknown>[] };
  expect(requests.semestre).toBe(semester);
  const total = requests.datos.find((r) => r.tipo === 'Total');
  expect(total).toMatchObject({ recibidas: 2, negadas: 1, negadas_acceso_informacion: 1 });
  const indicators = JSON.parse((await get(`/portal/datos-abiertos/indicadores-${semester}.json`)).text) as { datos: { accion: number }[] };
  expect(indicators.datos.map((d) => d.accion)).toEqual([1, 2, 3, 4, 5, 6]);

  const csv = await get(`/portal/datos-abiertos/solicitudes-${semester}.csv`);
  expect(csv.type).toContain('text/csv');
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0]?.split(';')).toContain('negadas_acceso_informacion');
  expect(lines.length).toBe(requests.datos.length + 1);
  const dictionary = JSON.parse((await get('/portal/datos-abiertos/diccionario.json')).text) as { campo: string }[];
  expect(dictionary.map((d) => d.campo)).toContain('tiempo_promedio_respuesta_dias_habiles');

  const files = [json.text, csv.text, (await get(`/portal/datos-abiertos/indicadores-${semester}.csv`)).text, JSON.stringify(indicators)];
  for (const text of files) {
    expect(text).not.toMatch(/\b\d{7,10}\b/); // no ID numbers
    for (const p of [...people.map((x) => x.name), 'Juanita', 'Rosa Ortiz', 'Pedro']) expect(text).not.toContain(p);
    expect(text).not.toContain('@');
  }
  for (const d of [filer, control, admin]) await d.close();
});
