import { runInChunks, valuesOf, type Prepare } from './sqlite-statements';
import type { SeriesPosition, StoredRecord } from './store';

export interface RecordRow {
  municipality: string;
  kind: string;
  id: string;
  rev: number;
  seq: number;
  data: string;
  field_revs: string;
  updated_at: string;
  updated_by: string;
  origin_device: string | null;
}

export const toRecord = (r: RecordRow): StoredRecord => ({
  municipality: r.municipality,
  kind: r.kind,
  id: r.id,
  rev: r.rev,
  seq: r.seq,
  data: JSON.parse(r.data) as Record<string, unknown>,
  fieldRevs: JSON.parse(r.field_revs) as StoredRecord['fieldRevs'],
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  ...(r.origin_device ? { origin: r.origin_device } : {}),
});

const upsertOf = (n: number) =>
  `INSERT INTO records (municipality, kind, id, rev, seq, data, field_revs, updated_at, updated_by, origin_device)
   ${valuesOf(n, 10)}
   ON CONFLICT (municipality, kind, id) DO UPDATE SET
     rev = excluded.rev, seq = excluded.seq, data = excluded.data, field_revs = excluded.field_revs,
     updated_at = excluded.updated_at, updated_by = excluded.updated_by, origin_device = excluded.origin_device`;

/** Upserts records in multi-row statements (the caller dedupes keys and numbers them). */
export function sqliteWriteRecords(prep: Prepare, records: readonly StoredRecord[]): void {
  runInChunks(
    prep,
    upsertOf,
    records.map((r) => [r.municipality, r.kind, r.id, r.rev, r.seq, JSON.stringify(r.data), JSON.stringify(r.fieldRevs), r.updatedAt, r.updatedBy, r.origin ?? null]),
  );
}

export function sqliteSeriesLast(prep: Prepare, municipality: string, name: string, year: number): number {
  const row = prep('SELECT last FROM series WHERE municipality = ? AND name = ? AND year = ?').get(municipality, name, year) as { last: number } | undefined;
  return row?.last ?? 0;
}

export function sqliteWriteSeries(prep: Prepare, rows: readonly SeriesPosition[]): void {
  const upsert = prep('INSERT INTO series (municipality, name, year, last) VALUES (?, ?, ?, ?) ON CONFLICT (municipality, name, year) DO UPDATE SET last = excluded.last');
  for (const r of rows) upsert.run(r.municipality, r.name, r.year, r.last);
}
