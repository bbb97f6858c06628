import type { LocalPqrsd } from '../../db/database';
import { openDueDate } from '#shared/pqrsd/lifecycle';
import type { Lifecycle } from '#shared/pqrsd/lifecycle-schema';
import { searchTokens } from './search-tokens';

/** What the device derives from a request for its own indexes; never sent to the server. */
export type DerivedFields = Pick<LocalPqrsd, '_search' | '_openDue'>;

/**
 * The local index fields of a request with the given lifecycle. Every write of a request's
 * view goes through here, so the deadline index never disagrees with the lifecycle. An
 * undefined `_openDue` (closed request) leaves the row out of that index: Dexie's `update`
 * deletes the property.
 */
export function derivedFields(r: Parameters<typeof searchTokens>[0], lifecycle: Lifecycle): DerivedFields {
  return { _search: searchTokens(r), _openDue: openDueDate(lifecycle) };
}
