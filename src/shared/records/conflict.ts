import { z } from 'zod';

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
  baseRev: z.number().int().nonnegative(),
  serverRev: z.number().int().nonnegative(),
  serverValue: z.unknown(),
  clientValue: z.unknown(),
  clientUser: z.string(),
  /** The name of whoever made the change that arrived second. */
  clientUserName: z.string().nullable().default(null),
  clientDevice: z.string(),
  mutationId: z.string(),
  at: z.string(),
  resolved: z.boolean(),
  resolution: z.enum(['server', 'client', 'custom']).nullable().default(null),
  resolvedBy: z.string().nullable().default(null),
  resolvedAt: z.string().nullable().default(null),
});
export type Conflict = z.infer<typeof conflictSchema>;
