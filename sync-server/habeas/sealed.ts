import { uuidv7 } from '#shared/ids';
import type { StoreTx } from '../store/store';

/**
 * Name and ID number moved out of an anonymised record. Not a kind of RECORD_KINDS, so no role
 * ever pulls it (pull asks for `kindsReadableBy(role)` only) and no device can write it; it sits
 * in the same `records` table, so SQLite and PostgreSQL backups carry it like everything else.
 */
export const SEALED_KIND = 'sealed_personal_data';

export interface SealedPersonalData {
  id: string;
  municipality: string;
  /** The record the data was taken from. */
  kind: string;
  recordId: string;
  idType: string;
  idNumber: string;
  name: string;
  sealedAt: string;
  sealedBy: string;
  reason: string;
  dsrId: string | null;
}

export async function saveSealed(tx: StoreTx, s: Omit<SealedPersonalData, 'id'>): Promise<string> {
  const id = uuidv7();
  const data = { ...s, id };
  await tx.saveRecord({
    municipality: s.municipality,
    kind: SEALED_KIND,
    id,
    rev: 1,
    data: data as unknown as Record<string, unknown>,
    fieldRevs: {},
    updatedAt: s.sealedAt,
    updatedBy: s.sealedBy,
  });
  return id;
}
