import type { GelDb, LocalPqrsd } from '../../db/database';
import { commitLocalChange } from '../../db/outbox';
import { AppError, zodIssues } from '#shared/errors';
import { uuidv7 } from '#shared/ids';
import { initialLifecycle } from '#shared/pqrsd/lifecycle';
import { pqrsdCreateSchema, VERIFICATION_ALPHABET, type PqrsdClientFields, type PqrsdClientInput } from '#shared/records';
import type { DeviceContext } from '../local-records';
import { localSettings } from '../municipality/profile';
import { derivedFields } from './derived-fields';

export type FilingInput = Omit<PqrsdClientInput, 'provisionalNumber' | 'verificationCode'>;

/** Four characters that tell this device's provisional numbers apart from another's. */
export function deviceTag(deviceId: string): string {
  return deviceId.replace(/[^0-9a-f]/gi, '').slice(-4).toUpperCase().padStart(4, '0');
}

export function formatProvisional(deviceId: string, n: number): string {
  return `P-${deviceTag(deviceId)}-${String(n).padStart(4, '0')}`;
}

/** Eight unambiguous characters, unbiased (rejection sampling), made offline on the device. */
export function newVerificationCode(): string {
  const out: string[] = [];
  const limit = 256 - (256 % VERIFICATION_ALPHABET.length);
  while (out.length < 8) {
    for (const b of crypto.getRandomValues(new Uint8Array(16))) {
      if (b < limit && out.length < 8) out.push(VERIFICATION_ALPHABET[b % VERIFICATION_ALPHABET.length] as string);
    }
  }
  return out.join('');
}

/** What the shared schema refuses in a filing (empty when it can be filed), each issue with its field path. */
export function filingIssues(input: FilingInput): { path: string; message: string }[] {
  const check = pqrsdCreateSchema.safeParse({ ...input, provisionalNumber: 'P-0000-0000', verificationCode: 'AAAAAAAA' });
  return check.success ? [] : zodIssues(check.error);
}

/**
 * Files a request on the device: validates it, gives it a provisional number and its
 * legal due date, and stores it with its outbox entry in one transaction. Works offline.
 */
export async function fileRequest(db: GelDb, ctx: DeviceContext, input: FilingInput, now: Date = new Date()): Promise<LocalPqrsd> {
  const check = pqrsdCreateSchema.safeParse({ ...input, provisionalNumber: 'P-0000-0000', verificationCode: 'AAAAAAAA' });
  if (!check.success) throw new AppError('VALIDATION_FAILED', 'La solicitud tiene datos inválidos', zodIssues(check.error));
  const id = uuidv7(now.getTime());
  let record: LocalPqrsd | undefined;
  await commitLocalChange(
    db,
    { kind: 'pqrsd', recordId: id, op: 'create', baseRev: null, freshRecordId: true },
    async () => {
      // Read in the save's own transaction (one transaction per save), both reads at once.
      const [{ pqrsd: settings }, last] = await Promise.all([localSettings(db), db.meta.get('provisionalCounter')]);
      const counter = ((last?.value as number | undefined) ?? 0) + 1;
      const fields: PqrsdClientFields = {
        ...check.data,
        provisionalNumber: formatProvisional(ctx.deviceId, counter),
        verificationCode: newVerificationCode(),
      };
      const base = { ...fields, radicado: null, intakeDependencia: null, heldBy: [] };
      const lifecycle = initialLifecycle(fields.type, fields.receivedAt, settings);
      record = {
        ...base,
        id,
        municipality: ctx.municipality,
        createdBy: ctx.userId,
        deviceId: ctx.deviceId,
        lifecycle,
        _base: lifecycle,
        _rev: 0,
        _sync: 'pending',
        ...derivedFields(base, lifecycle),
        _awaitingRadicado: true,
      };
      // Issued together: IndexedDB runs them in order, the save waits once.
      await Promise.all([db.meta.put({ key: 'provisionalCounter', value: counter }), db.pqrsd.add(record)]);
      return fields;
    },
    now,
    ['municipality_profile'],
  );
  return record as LocalPqrsd;
}
