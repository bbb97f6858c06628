import { z } from 'zod';
import type { Role } from '../roles';
import { conflictSchema } from './conflict';
import { PQRSD_UPDATABLE_FIELDS, pqrsdClientFieldsSchema, pqrsdCreateSchema, pqrsdSchema } from './pqrsd';
import { pqrsdEventClientSchema, pqrsdEventSchema } from '../pqrsd/lifecycle-schema';

export interface RecordKindSpec {
  /** The record as stored on the server and pulled by devices. */
  schema: z.ZodType<Record<string, unknown>>;
  /** What a device sends to create one; null when only the server creates this kind. */
  createSchema: z.ZodType<Record<string, unknown>> | null;
  /** Per-field schemas of what a device may change afterwards. */
  updateSchema: z.ZodObject | null;
  read: readonly Role[];
  write: readonly Role[];
}

const pqrsdUpdateSchema = pqrsdClientFieldsSchema
  .pick(Object.fromEntries(PQRSD_UPDATABLE_FIELDS.map((f) => [f, true])) as {
    [K in (typeof PQRSD_UPDATABLE_FIELDS)[number]]: true;
  })
  .partial()
  .strict();

export const RECORD_KINDS = {
  pqrsd: {
    schema: pqrsdSchema,
    createSchema: pqrsdCreateSchema,
    updateSchema: pqrsdUpdateSchema,
    read: ['admin', 'committee', 'internal_control', 'official'],
    write: ['admin', 'committee', 'official'],
  },
  pqrsd_event: {
    schema: pqrsdEventSchema,
    createSchema: pqrsdEventClientSchema,
    updateSchema: null,
    read: ['admin', 'committee', 'internal_control', 'official'],
    write: ['admin', 'committee', 'official'],
  },
  conflict: {
    schema: conflictSchema,
    createSchema: null,
    updateSchema: null,
    // Readers of a conflict are further limited to readers of the record it belongs to.
    read: ['admin', 'committee', 'internal_control', 'official', 'trainer'],
    write: [],
  },
} as const satisfies Record<string, RecordKindSpec>;

export type RecordKind = keyof typeof RECORD_KINDS;
export const RECORD_KIND_NAMES = Object.keys(RECORD_KINDS) as RecordKind[];
export const recordKindSchema = z.enum(RECORD_KIND_NAMES as [RecordKind, ...RecordKind[]]);

export function isRecordKind(kind: string): kind is RecordKind {
  return Object.hasOwn(RECORD_KINDS, kind);
}

export function kindsReadableBy(role: Role): RecordKind[] {
  return RECORD_KIND_NAMES.filter((k) => (RECORD_KINDS[k].read as readonly Role[]).includes(role));
}

export function canWrite(role: Role, kind: RecordKind): boolean {
  return (RECORD_KINDS[kind].write as readonly Role[]).includes(role);
}

export * from './conflict';
export * from './pqrsd';
