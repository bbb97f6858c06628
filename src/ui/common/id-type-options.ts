import { ID_TYPE_LABELS, ID_TYPES, type IdType } from '#shared/identity';

/** Documents a person can be found by (an anonymous filing has none). */
export const PERSON_ID_TYPES: readonly IdType[] = ID_TYPES.filter((x) => x !== 'SD');

/** Documents an official of the roster carries (adults and minors in training, foreigners). */
export const OFFICIAL_ID_TYPES = ['CC', 'CE', 'PPT', 'PA', 'TI'] as const satisfies readonly IdType[];

/** The options of an ID-type SelectField, labelled as officials read them. */
export function idTypeOptions(types: readonly IdType[]): [IdType, string][] {
  return types.map((x) => [x, ID_TYPE_LABELS[x]]);
}
