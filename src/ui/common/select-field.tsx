import type { ComponentChildren } from 'preact';
import { describedBy, FieldFooter, FieldLabel } from './input-field';

/** value → label, or [value, label] pairs in the order shown. */
export type SelectOptions = Readonly<Record<string, ComponentChildren>> | readonly (readonly [string, ComponentChildren])[];

interface Props<V extends string> {
  id: string;
  label: ComponentChildren;
  value: V;
  onChange(value: V): void;
  options: SelectOptions;
  /** A first option with the value '' (e.g. «Cualquier estado»). */
  empty?: string;
  disabled?: boolean;
  required?: boolean;
  /** Why the choice was refused: shown under the select, which is marked invalid. */
  error?: string | null;
  hint?: ComponentChildren;
  /** Options shown but not choosable (e.g. «Sin documento» outside a denuncia). */
  disabledOptions?: readonly string[];
}

/** A labelled <select> in its .field: the label tied to it, the options from a record or pairs. */
export function SelectField<V extends string>({ id, label, value, onChange, options, empty, disabled, required, error, hint, disabledOptions }: Props<V>) {
  const entries: readonly (readonly [string, ComponentChildren])[] = Array.isArray(options) ? options : Object.entries(options);
  return (
    <div class="field">
      <FieldLabel id={id} label={label} required={required} />
      <select id={id} value={value} disabled={disabled} required={required} {...describedBy(id, error, hint)} onChange={(e) => onChange(e.currentTarget.value as V)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {entries.map(([k, v]) => (
          <option key={k} value={k} disabled={disabledOptions?.includes(k)}>
            {v}
          </option>
        ))}
      </select>
      <FieldFooter id={id} error={error} hint={hint} />
    </div>
  );
}
