import { z } from 'zod/mini';

/**
 * A field that two devices changed from the same base revision. The server applies the
 * value it already had and keeps the incoming one here until a person decides.
 */
export const conflictSchema = z.object({
  id: z.string(),
  municipality: z.string(),
  kind: z.string(),
  recordId: z.string(),
  field: z.string(),
  baseRev: z.number().check(z.int(), z.nonnegative()),
  serverRev: z.number().check(z.int(), z.nonnegative()),
  serverValue: z.unknown(),
  clientValue: z.unknown(),
  clientUser: z.string(),
  /** The name of whoever made the change that arrived second. */
  clientUserName: z._default(z.nullable(z.string()), null),
  clientDevice: z.string(),
  mutationId: z.string(),
  at: z.string(),
  resolved: z.boolean(),
  resolution: z._default(z.nullable(z.enum(['server', 'client', 'custom'])), null),
  resolvedBy: z._default(z.nullable(z.string()), null),
  resolvedAt: z._default(z.nullable(z.string()), null),
});
export type Conflict = z.infer<typeof conflictSchema>;
