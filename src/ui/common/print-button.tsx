import { messages as m } from '../i18n/es-CO';

/** «Imprimir»: the page prints as its printable sheet (the no-print parts left out by the CSS). */
export function PrintButton({ primary = false }: { primary?: boolean }) {
  return (
    <button type="button" class={primary ? 'primary' : undefined} onClick={() => window.print()}>
      {m.receipt.print}
    </button>
  );
}
