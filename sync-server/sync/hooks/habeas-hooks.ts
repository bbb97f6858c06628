import { checkDsrChange } from '#shared/habeas/data-subject-request';
import type { RecordKind } from '#shared/records';
import { accept, refuse, type KindHooks } from './types';

/**
 * A record whose personal data was deleted (habeas data) no longer changes from devices: a
 * device that was offline must not write the old name or address back, not even as a
 * conflict (which would keep both values). Runs before the module's own rule.
 */
export function frozenWhenRedacted<K extends RecordKind>(inner: KindHooks<K> = {}): KindHooks<K> {
  return {
    ...inner,
    async beforeUpdate(tx, current, next, actor, at, ctx) {
      if ((current.data as { redacted?: unknown }).redacted) {
        return refuse('INVALID_TRANSITION', 'Los datos personales de este registro fueron suprimidos (Ley 1581 de 2012): ya no se modifica.');
      }
      return inner.beforeUpdate ? inner.beforeUpdate(tx, current, next, actor, at, ctx) : accept();
    },
  };
}

/** Data-subject requests: extension noticed in time and once, answer once (shared rule). */
export const dataSubjectRequestHooks: KindHooks<'data_subject_request'> = frozenWhenRedacted<'data_subject_request'>({
  async beforeUpdate(_tx, current, next) {
    const check = checkDsrChange(current.data, next);
    return check.ok ? accept() : refuse('INVALID_TRANSITION', check.message);
  },
});
