import { z } from 'zod/mini';
import { apiErrorSchema } from './errors';

export const SYNC_LIMITS = {
  /** Mutations accepted in one push; more is answered with 413 TOO_MANY_MUTATIONS. */
  maxMutationsPerPush: 500,
  /** Bytes of a request body as sent (possibly gzip). */
  maxBodyBytes: 2 * 1024 * 1024,
  /** Bytes of a request body once decompressed (guards against gzip bombs). */
  maxInflatedBytes: 8 * 1024 * 1024,
  /**
   * JSON bytes a device puts in one push (with maxMutationsPerPush): about 75 KB gzipped, a few
   * seconds on a 256 kbit/s link, so a push fits between the cuts of a rural connection; far
   * under maxInflatedBytes.
   */
  pushBatchBytes: 512 * 1024,
  pullPageDefault: 500,
  pullPageMax: 2000,
} as const;

export const MUTATION_OPS = ['create', 'update'] as const;

/**
 * Whether a NUL character is in any string or key of a JSON value: walked, not serialised (the
 * server checks every change of every push), so a typed backslash-u-0000 is text like any other.
 */
export function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || holdsNul(v)) return true;
  return false;
}

export const mutationSchema = z.object({
  /** Client-made id (UUIDv7): the key of the server's receipt, so a replay changes nothing. */
  id: z.uuid(),
  kind: z.string().check(z.minLength(1), z.maxLength(40)),
  recordId: z.uuid(),
  op: z.enum(MUTATION_OPS),
  /** Revision the change was made on; null for a create. */
  baseRev: z.nullable(z.number().check(z.int(), z.nonnegative())),
  data: z.record(z.string(), z.unknown()),
  /** When the user acted, on the device's clock. */
  at: z.iso.datetime({ offset: true }),
}).check(z.refine((m) => !holdsNul(m.data), {
  // PostgreSQL cannot store a NUL character in text; no official types one on purpose.
  path: ['data'],
  message: 'El texto contiene un carácter nulo (U+0000)',
}));
export type Mutation = z.infer<typeof mutationSchema>;

const appliedResultSchema = z.object({
  status: z.literal('applied'),
  mutationId: z.string(),
  rev: z.number().check(z.int(), z.positive()),
  /**
   * Fields the server set (radicado, …), already part of the record. When `settled`: every
   * field whose stored value differs from what the device holds (see `settled`).
   */
  serverFields: z.record(z.string(), z.unknown()),
  /**
   * The record's state at `rev` is exactly what the device holds: the change on top of the
   * revision it was based on (a create: its data with id, municipality, createdBy, deviceId),
   * with `serverFields` applied. The device takes `rev` and those fields from this answer, and
   * its pulls leave the record out until someone else (a person, a rule) changes it.
   */
  settled: z.optional(z.literal(true)),
});
const conflictResultSchema = z.object({
  status: z.literal('conflict'),
  mutationId: z.string(),
  rev: z.number().check(z.int(), z.positive()),
  serverFields: z.record(z.string(), z.unknown()),
  /** Fields kept as conflicts; every other field of the change was applied. */
  conflicts: z.array(z.object({ field: z.string(), conflictId: z.string() })),
});
const rejectedResultSchema = z.object({
  status: z.literal('rejected'),
  mutationId: z.nullable(z.string()),
  error: apiErrorSchema,
});
export const mutationResultSchema = z.discriminatedUnion('status', [appliedResultSchema, conflictResultSchema, rejectedResultSchema]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

/**
 * `details` of an INTERNAL answer for a change the server did not attempt because an earlier
 * change of the same push, of a record it names, failed: the device sends it again after that
 * one, and it counts as no failed attempt of its own.
 */
export const waitingDetailsSchema = z.object({ waitsFor: z.string() });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The records a change is about: its own and every record its data names by id (a step's
 * request, a mark's session and official). Order is kept per record: a change waits behind an
 * earlier, still unapplied change of any of them.
 */
export function recordsNamedBy(m: { recordId: string; data: unknown }): Set<string> {
  const ids = new Set<string>([m.recordId.toLowerCase()]);
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      if (UUID.test(v)) ids.add(v.toLowerCase());
    } else if (v && typeof v === 'object' && depth < 6) {
      for (const item of Object.values(v)) walk(item, depth + 1);
    }
  };
  walk(m.data, 0);
  return ids;
}

export const pullRequestSchema = z.object({
  /**
   * `<seq>` or `<seq>.<scope>`: the scope tag says which view of the data the device holds.
   * `<seq>.<scope>.a`: a reset still under way (its pages send the device's own changes too).
   */
  cursor: z.nullable(z.string().check(z.regex(/^\d{1,18}(\.[0-9a-z]{1,13}(\.a)?)?$/))),
  limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(SYNC_LIMITS.pullPageMax))),
  /** What this build understands; a build from before removals sends none and gets none. */
  features: z.optional(z.array(z.string().check(z.maxLength(40))).check(z.maxLength(20))),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

/** Sent by this build with every pull (`bare-id`: see pageFromWire in sync-wire.ts). */
export const PULL_FEATURES = ['removals', 'bare-id'] as const;

export const changeSchema = z.object({
  seq: z.number().check(z.int(), z.positive()),
  kind: z.string(),
  id: z.string(),
  rev: z.number().check(z.int(), z.positive()),
  data: z.record(z.string(), z.unknown()),
  /** The record left this person's view (e.g. a request moved to another dependencia): delete it. */
  removed: z.optional(z.literal(true)),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.nullable(z.string()),
  hasMore: z.boolean(),
  /**
   * What this person may see changed (role or dependencia): the page starts from the beginning,
   * and the device drops what it holds from the server before applying it.
   */
  reset: z.optional(z.boolean()),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** A change as a device that said `bare-id` gets it: no sequence number (it moves by the page's cursor). */
export const wireChangeSchema = z.extend(changeSchema, { seq: z.optional(z.number().check(z.int(), z.positive())) });
export type WireChange = z.infer<typeof wireChangeSchema>;
/** The wire features the server understood of those the request declared (absent when it declared none, or from an older server). */
const answeredFeatures = { features: z.optional(z.array(z.string().check(z.maxLength(40))).check(z.maxLength(20))) };
export const pullWireResponseSchema = z.extend(pullResponseSchema, { changes: z.array(wireChangeSchema), ...answeredFeatures });
export type PullWireResponse = z.infer<typeof pullWireResponseSchema>;

export const pushRequestSchema = z.object({
  deviceId: z.string().check(z.minLength(8), z.maxLength(64)),
  // Each mutation is checked on its own so one bad entry does not sink the batch.
  mutations: z.array(z.unknown()),
  /**
   * The device's pull, answered in the same request once the push is applied (what it holds
   * then): when little is waiting, one round trip carries both.
   */
  pull: z.optional(pullRequestSchema),
  /**
   * The device holds every record this batch changes, so its changes may be answered `settled`
   * (and left out of its pulls). Absent, as from a build before settling or a batch with changes
   * imported from another device: nothing is settled and the pull brings every change back.
   */
  settle: z.optional(z.boolean()),
  /** What this build understands of the push's wire form (see sync-wire.ts); none from older builds. */
  features: z.optional(z.array(z.string().check(z.maxLength(40))).check(z.maxLength(20))),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  /** The pull page asked for with the push (absent when none was asked). */
  pull: z.optional(pullResponseSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** An answer without its change's id: the device asked for answers in the order of its changes. */
const noId = { mutationId: z.optional(z.string()) };
/** A push answer as sent to a device that asked for positional answers (see sync-wire.ts). */
export const pushWireResponseSchema = z.object({
  results: z.array(z.discriminatedUnion('status', [z.extend(appliedResultSchema, noId), z.extend(conflictResultSchema, noId), rejectedResultSchema])),
  pull: z.optional(pullWireResponseSchema),
  ...answeredFeatures,
});
export type PushWireResponse = z.infer<typeof pushWireResponseSchema>;
