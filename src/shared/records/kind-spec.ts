import { z } from 'zod/mini';
import type { Role } from '../roles';

/** Who is looking at records: a signed-in user (`id`) or a push actor (`userId`). */
export interface RecordViewer {
  role: Role;
  id?: string;
  userId?: string;
  /** The office of an official: limits the citizen requests they see. */
  dependencia?: string | null;
}

/**
 * Row-level visibility beyond the roles of `read` (least privilege, Ley 1581): which records
 * of the kind a viewer may see. Pure functions, applied by the server's pull and file download.
 */
export interface VisibilityRule {
  /** Whether this viewer sees every record of the kind (then no record is looked at). */
  seesAll(viewer: RecordViewer): boolean;
  canSee(viewer: RecordViewer, data: Record<string, unknown>): boolean;
  /** Whether a record this viewer may no longer see may sit on their device: only they hear it went. */
  mayHaveHeld(viewer: RecordViewer, data: Record<string, unknown>): boolean;
  /** What decides this viewer's view, as text: part of the pull cursor, so a change starts the pull over. */
  scope(viewer: RecordViewer): string;
}

/**
 * The record a record belongs to, named by one of its fields (`kind` fixed, or read from
 * `kindField` for a conflict). It is seen with its parent, removed with it from a device, and
 * an unsent change of it keeps the parent there; the parent's client projection runs when it changes.
 */
export type ParentLink = { kind: string; idField: string } | { kindField: string; idField: string };

export interface RecordKindSpec {
  /** The record as stored on the server and pulled by devices. */
  schema: z.ZodMiniType<Record<string, unknown>>;
  /** What a device sends to create one; null when only the server creates this kind. */
  createSchema: z.ZodMiniType<Record<string, unknown>> | null;
  /** Per-field schemas of what a device may change afterwards. */
  updateSchema: z.ZodMiniObject | null;
  read: readonly Role[];
  write: readonly Role[];
  /** Roles that may change a record after it exists, when narrower than `write`. */
  update?: readonly Role[];
  /**
   * A create for an id that already exists is a merge, not an error: for records whose id
   * is derived from their content (an official's ID document), the first one stays.
   */
  createExisting?: 'keep';
  /**
   * Dates a device sets that say when something happened (dotted paths, `*` for each array
   * item): the server refuses them later than its own date (plus a day's tolerance), since it
   * counts terms and numbers radicados from them. Dates of what is planned (a session, an
   * event, a new due date) are not listed.
   */
  pastDates?: readonly string[];
  /**
   * Fields an update of this kind decides on (a conflict's two values): a change based on a
   * revision older than their last change is refused (STALE_REVISION), whoever sent it, since
   * the person decided on values they did not see.
   */
  decidesOn?: readonly string[];
  /**
   * The field whose entries (`{ hash, … }`) point at files on the attachments channel. The
   * server's record_files triggers index it (a migration per kind): only such references give
   * access to a file, never a hash written in free text.
   */
  fileField?: string;
  /**
   * The device's indexes on its table besides the primary key `id` (Dexie syntax: `*words`
   * multi-entry, `a.b` nested). The local database schema is generated from these.
   */
  localIndexes: readonly string[];
  /**
   * Holds a person's data (Ley 1581): every read of it is audited. `'parent'`: holds copies of
   * its parent's values (a conflict), so it counts as a read of the parent when that one does.
   */
  personalData: boolean | 'parent';
  /** Who sees which record, when the roles of `read` are not enough. */
  visibility?: VisibilityRule;
  parent?: ParentLink;
}

/** Update schema of the fields a device may change: each one optional, defaults left out. */
export function updatable<S extends z.core.$ZodShape, F extends keyof S & string>(
  schema: z.ZodMiniObject<S>,
  fields: readonly F[],
): z.ZodMiniObject<{ [K in F]: z.ZodMiniOptional<z.ZodMiniType<z.output<S[K]>, z.input<S[K]>>> }, z.core.$strict> {
  // Defaults are for creating: in a patch, a field left out must stay out (zod 4 would fill it in).
  const shape = Object.fromEntries(
    fields.map((f) => {
      const field = schema.shape[f] as z.ZodMiniType;
      const bare = field instanceof z.ZodMiniDefault ? (field.def.innerType as z.ZodMiniType) : field;
      return [f, z.optional(bare)];
    }),
  );
  return z.strictObject(shape) as never;
}
