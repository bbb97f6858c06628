import type { ComponentChildren } from 'preact';

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
}

/** A labelled <select> in its .field: the label tied to it, the options from a record or pairs. */
export function SelectField<V extends string>({ id, label, value, onChange, options, empty, disabled }: Props<V>) {
  const entries: readonly (readonly [string, ComponentChildren])[] = Array.isArray(options) ? options : Object.entries(options);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value as V)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {entries.map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
}
