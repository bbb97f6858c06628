import { getMeta, setMeta, type GelDb } from '../../db/database';

/** An official radicado that arrived for a request filed on this device with a provisional number. */
export interface RadicadoNotice {
  id: string;
  provisionalNumber: string;
  radicado: string;
  at: string;
}

export const RADICADO_NOTICES_KEY = 'radicadoNotices';

/**
 * Inside the transaction that applied what the server said: each request filed here that now has
 * its official radicado is announced once (the official has the citizen's number to pass on).
 */
export async function noteArrivedRadicados(db: GelDb, ids: readonly string[], now = new Date()): Promise<void> {
  const arrived: RadicadoNotice[] = [];
  // One read and one write, whatever the number of requests answered.
  for (const row of await db.pqrsd.bulkGet([...new Set(ids)])) {
    if (!row?._awaitingRadicado || !row.radicado) continue;
    arrived.push({ id: row.id, provisionalNumber: row.provisionalNumber, radicado: row.radicado, at: now.toISOString() });
  }
  if (arrived.length === 0) return;
  await db.pqrsd.bulkUpdate(arrived.map((a) => ({ key: a.id, changes: { _awaitingRadicado: false } })));
  const shown = (await getMeta<RadicadoNotice[]>(db, RADICADO_NOTICES_KEY)) ?? [];
  await setMeta(db, RADICADO_NOTICES_KEY, [...shown, ...arrived]);
}

export async function dismissRadicadoNotices(db: GelDb): Promise<void> {
  await setMeta(db, RADICADO_NOTICES_KEY, []);
}
