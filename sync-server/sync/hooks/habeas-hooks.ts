import { checkDsrChange, dsrDeadlines } from '#shared/habeas/data-subject-request';
import type { RecordKind } from '#shared/records';
import { municipalitySettings } from '../../municipality/profile-service';
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

/**
 * Data-subject requests: each step checked by the shared rule with the municipality's settings
 * (extension noticed in time and once, answer once, the art. 15 steps of a reclamo), and the
 * dates it runs on stored as `deadlines`, computed as the device computes them. Who may record
 * a step (the admin of the request's municipality) is the kind's `write` roles, checked before.
 */
export const dataSubjectRequestHooks: KindHooks<'data_subject_request'> = frozenWhenRedacted<'data_subject_request'>({
  async onCreate(tx, data, actor) {
    const { pqrsd: settings } = await municipalitySettings(tx, actor.municipality);
    return accept({ deadlines: dsrDeadlines(data, settings) });
  },
  async beforeUpdate(tx, current, next, actor) {
    const { pqrsd: settings } = await municipalitySettings(tx, actor.municipality);
    const check = checkDsrChange(current.data, next, settings);
    return check.ok ? accept({ deadlines: dsrDeadlines(next, settings) }) : refuse('INVALID_TRANSITION', check.message);
  },
});
