import { onAction } from '../common/action';
import { InputField } from '../common/input-field';
import { messages as m } from '../i18n/es-CO';

interface Props {
  id: string;
  label: string;
  disabled?: boolean;
  /** What the chosen file holds, parsed. */
  onContent(content: unknown): Promise<void>;
  /** Why it failed, in Spanish (a file that is not JSON is said to be no export file). */
  onError(text: string, err: unknown): void;
}

/** Picks an "Exportar pendientes" file and hands over its content; the input is emptied after, so the same file can be picked again. */
export function ExportFileInput({ id, label, disabled, onContent, onError }: Props) {
  return (
    <InputField
      id={id}
      label={label}
      type="file"
      accept="application/json,.json"
      disabled={disabled}
      onChange={onAction(
        async (e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (!file) return;
          try {
            await onContent(JSON.parse(await file.text()));
          } finally {
            input.value = '';
          }
        },
        (text, err) => onError(err instanceof SyntaxError ? m.sync.notAnExport : text, err),
      )}
    />
  );
}
