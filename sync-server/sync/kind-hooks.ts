import type { RecordKind } from '#shared/records';
import type { Actor } from '../reconcile/reconcile-mutation';
import type { StoredRecord, StoreTx } from '../store/store';
import { conflictHooks, portalDraftHooks, portalStepHooks } from './hooks/portal-hooks';
import { pqrsdEventHooks, pqrsdHooks } from './hooks/pqrsd-hooks';
import { officialHooks } from './hooks/training-hooks';
import { planReportHooks, planSignoffHooks } from './hooks/plan-hooks';
import { accept, DEFAULT_HOOK_CONTEXT, type CreatedOf, type HookContext, type HookResult, type KindHooks, type KindHookTable, type StoredOf } from './hooks/types';
import { dataSubjectRequestHooks, frozenWhenRedacted } from './hooks/habeas-hooks';
import { withAuditAnchor } from '../audit/report-anchor';
import { namesOfficialHooks, sessionHooks } from './hooks/retired-official-hooks';

export type { KindHookTable };

/** Each module's server-side rules, beyond the generic field merge; a plain kind has none. */
export const KIND_HOOKS: KindHookTable = {
  // Anonymised records (habeas data) are frozen against device edits.
  pqrsd: frozenWhenRedacted(pqrsdHooks),
  pqrsd_event: pqrsdEventHooks,
  official: frozenWhenRedacted(officialHooks),
  // A suppressed official's old id, in a change made offline before, becomes their new one.
  training_session: sessionHooks,
  attendance_mark: namesOfficialHooks,
  evaluation: namesOfficialHooks,
  data_subject_request: dataSubjectRequestHooks,
  portal_draft: portalDraftHooks,
  portal_step: portalStepHooks,
  conflict: conflictHooks,
  // The published report carries an audit anchor (see audit/report-anchor.ts).
  plan_signoff: withAuditAnchor(planSignoffHooks),
  plan_report: planReportHooks,
};

export type { HookResult as CreateHookResult };

/** What one server's pushes run with: its kinds' rules, and the settings of that server they read. */
export interface KindRules {
  hooks: KindHookTable;
  context: HookContext;
}

/** The modules' rules on a server with nothing configured (tests, tools). */
export const DEFAULT_KIND_RULES: KindRules = Object.freeze({ hooks: KIND_HOOKS, context: DEFAULT_HOOK_CONTEXT });

/**
 * A kind's hooks as push calls them, with records not yet narrowed to the kind: push has
 * checked them with that kind's schemas (reconcile-mutation.ts), which is what the hooks' types say.
 */
function hooksOf(hooks: KindHookTable, kind: RecordKind): KindHooks<RecordKind> | undefined {
  return hooks[kind] as KindHooks<RecordKind> | undefined;
}

export function onCreate(
  tx: StoreTx,
  kind: RecordKind,
  data: Record<string, unknown>,
  actor: Actor,
  at: string,
  { hooks, context }: KindRules,
): Promise<HookResult> {
  return hooksOf(hooks, kind)?.onCreate?.(tx, data as CreatedOf<RecordKind>, actor, at, context) ?? Promise.resolve(accept());
}

export function beforeUpdate(
  tx: StoreTx,
  kind: RecordKind,
  current: StoredRecord,
  next: Record<string, unknown>,
  actor: Actor,
  at: string,
  { hooks, context }: KindRules,
): Promise<HookResult> {
  return hooksOf(hooks, kind)?.beforeUpdate?.(tx, current as StoredOf<RecordKind>, next as StoredOf<RecordKind>['data'], actor, at, context) ?? Promise.resolve(accept());
}

export async function afterUpdate(
  tx: StoreTx,
  kind: RecordKind,
  before: StoredRecord,
  after: Record<string, unknown>,
  changed: string[],
  rev: number,
  actor: Actor,
  at: string,
  { hooks, context }: KindRules,
): Promise<void> {
  await hooksOf(hooks, kind)?.afterUpdate?.(tx, before as StoredOf<RecordKind>, after as StoredOf<RecordKind>['data'], changed, rev, actor, at, context);
}
