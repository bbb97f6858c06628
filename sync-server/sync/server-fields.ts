import { bogotaDateOf } from '../../src/shared/calendar';
import { formatRadicado, type RecordKind } from '../../src/shared/records';
import type { StoreTx } from '../store/store';

/**
 * Facts only the server may decide, set when a record is first stored. The radicado
 * comes from a gap-free series per municipality and year of receipt, inside the push
 * transaction, so a rolled-back or replayed push never consumes a number.
 */
export async function assignServerFields(
  tx: StoreTx,
  kind: RecordKind,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (kind === 'pqrsd') {
    const municipality = String(data.municipality);
    const year = Number(bogotaDateOf(String(data.receivedAt)).slice(0, 4));
    const n = await tx.nextInSeries(municipality, 'radicado', year);
    return { radicado: formatRadicado(municipality, year, n) };
  }
  return {};
}
