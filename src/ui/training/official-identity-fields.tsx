// The fields that name an official, one set for the roster's add form and the attendance
// walk-in: ID type and number (the official's id derives from them), full name, dependencia.
import { idInputMode } from '#shared/identity';
import type { OfficialIdType } from '#shared/training/training-schema';
import { idTypeOptions, OFFICIAL_ID_TYPES } from '../common/id-type-options';
import { InputField } from '../common/input-field';
import { SelectField } from '../common/select-field';
import { messages as m } from '../i18n/es-CO';

export interface OfficialIdentity {
  idType: OfficialIdType;
  idNumber: string;
  fullName: string;
  dependencia: string;
}
type Field = keyof OfficialIdentity;

/** `idPrefix` keeps the inputs' ids apart where two forms share a screen. */
export function OfficialIdentityFields({
  idPrefix,
  f,
  onIdType,
  set,
  error,
}: {
  idPrefix: string;
  f: OfficialIdentity;
  onIdType: (idType: OfficialIdType) => void;
  set: (k: Field) => (e: Event) => void;
  error: (k: Field) => string | undefined;
}) {
  const id = (k: Field) => `${idPrefix}-${k}`;
  return (
    <>
      <SelectField id={id('idType')} label={m.pqrsd.idType} required error={error('idType')} value={f.idType} options={idTypeOptions(OFFICIAL_ID_TYPES)} onChange={onIdType} />
      <InputField id={id('idNumber')} label={m.pqrsd.idNumber} required inputMode={idInputMode(f.idType)} autocomplete="off" error={error('idNumber')} value={f.idNumber} onInput={set('idNumber')} />
      <InputField id={id('fullName')} label={m.training.fullName} required error={error('fullName')} value={f.fullName} onInput={set('fullName')} />
      <InputField id={id('dependencia')} label={m.pqrsd.dependencia} error={error('dependencia')} value={f.dependencia} onInput={set('dependencia')} />
    </>
  );
}
