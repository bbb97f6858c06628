import { z } from 'zod/mini';
import es from 'zod/v4/locales/es.js';

// Validation messages reach officials in the UI (next to the field they name) and in the API's
// `details` ({ path, message }): short Spanish sentences saying what to do, never the library's
// own wording ("Demasiado pequeño: se esperaba que texto tuviera >=2 caracteres"). Messages a
// schema writes itself (the ID rules, refinements) win over these; zod's Spanish locale stays
// underneath for anything not listed here.

type Issue = z.core.$ZodRawIssue;

const chars = (n: number | bigint) => (Number(n) === 1 ? '1 carácter' : `${n} caracteres`);
const items = (n: number | bigint) => (Number(n) === 1 ? '1 elemento' : `${n} elementos`);

/** Whether nothing was given (a missing value, or an empty text the form sent as is). */
function isMissing(input: unknown): boolean {
  return input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
}

const FORMAT_TEXTS: Record<string, string> = {
  email: 'Escriba un correo electrónico válido (por ejemplo, nombre@dominio.co).',
  url: 'Escriba una dirección web completa (https://…).',
  date: 'Escriba una fecha válida (dd/mm/aaaa).',
  datetime: 'Escriba una fecha y hora válidas.',
  time: 'Escriba una hora válida.',
};

/** The Spanish text of one validation issue, said to the person filling the field. */
export function validationText(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (isMissing(issue.input)) return 'Este campo es obligatorio.';
      if (issue.expected === 'number' || issue.expected === 'int' || issue.expected === 'bigint')
        return issue.expected === 'int' ? 'Escriba un número entero.' : 'Escriba un número.';
      if (issue.expected === 'date') return FORMAT_TEXTS.date;
      return 'Este dato no tiene la forma esperada.';
    }
    case 'too_small': {
      const { minimum, origin } = issue as Issue & { minimum: number | bigint; origin: string };
      if (origin === 'string') return isMissing(issue.input) ? 'Este campo es obligatorio.' : `Escriba al menos ${chars(minimum)}.`;
      if (origin === 'array' || origin === 'set') return Number(minimum) === 1 ? 'Elija o agregue al menos uno.' : `Agregue al menos ${items(minimum)}.`;
      return issue.inclusive === false ? `Debe ser mayor que ${minimum}.` : `Debe ser al menos ${minimum}.`;
    }
    case 'too_big': {
      const { maximum, origin } = issue as Issue & { maximum: number | bigint; origin: string };
      if (origin === 'string') return `Escriba como máximo ${chars(maximum)}.`;
      if (origin === 'array' || origin === 'set') return `Como máximo ${items(maximum)}.`;
      return issue.inclusive === false ? `Debe ser menor que ${maximum}.` : `Debe ser como máximo ${maximum}.`;
    }
    case 'invalid_value':
      return isMissing(issue.input) ? 'Elija una opción.' : 'Elija una de las opciones de la lista.';
    case 'invalid_format': {
      const format = (issue as Issue & { format: string }).format;
      if (isMissing(issue.input)) return 'Este campo es obligatorio.';
      return FORMAT_TEXTS[format] ?? 'Revise lo escrito: no tiene el formato esperado.';
    }
    case 'not_multiple_of':
      return 'Escriba un número válido para este campo.';
    case 'invalid_union':
      return isMissing(issue.input) ? 'Este campo es obligatorio.' : 'Revise este dato.';
    default:
      return undefined;
  }
}

z.config({ ...es(), customError: validationText });
