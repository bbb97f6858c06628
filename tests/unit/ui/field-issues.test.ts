import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import '#shared/zod-locale';
import { ApiCallError } from '../../../src/api/api-call-error';
import { AppError } from '#shared/errors';
import { fieldOf, issuesOf, labelledIssue, sortIssues } from '../../../src/ui/common/field-issues';
import { describeError } from '../../../src/ui/common/form-error';
import { fieldLabel } from '../../../src/ui/i18n/field-labels';

describe('field labels', () => {
  it('name a field as the screens do, by kind first, never by its raw name', () => {
    expect(fieldLabel('body')).toBe('Texto');
    expect(fieldLabel('body', 'portal_draft')).toBe('Texto del contenido');
    expect(fieldLabel('citizen.idNumber')).toBe('Número de documento del peticionario');
    // A nested path falls back on its nearest labelled parent, a list item on its name.
    expect(fieldLabel('tags.2')).toBe('Etiquetas');
    expect(fieldLabel('person.address.line')).toBe('Titular de los datos');
    expect(fieldLabel('zzz')).toBeNull();
  });
});

describe('validation issues onto a form', () => {
  it('come from a device refusal, the server’s answer, or a schema checked in place', () => {
    const local = new AppError('VALIDATION_FAILED', 'Revise los datos', [{ path: 'name', message: 'Escriba al menos 3 caracteres.' }]);
    const server = new ApiCallError('fatal', { code: 'VALIDATION_FAILED', message: 'x', details: [{ path: 'username', message: 'Ese usuario ya existe.' }] }, 400);
    const parsed = z.object({ hours: z.number() }).safeParse({ hours: 'x' });
    expect(issuesOf(local)).toEqual([{ path: 'name', message: 'Escriba al menos 3 caracteres.' }]);
    expect(issuesOf(server)).toEqual([{ path: 'username', message: 'Ese usuario ya existe.' }]);
    expect(issuesOf(parsed.error)).toEqual([{ path: 'hours', message: 'Escriba un número.' }]);
    expect(issuesOf(new Error('x'))).toEqual([]);
  });

  it('land on the field itself, an alias, or its nearest parent; the rest is said with its label', () => {
    expect(fieldOf('citizen.idNumber', ['idNumber'], { 'citizen.idNumber': 'idNumber' })).toBe('idNumber');
    expect(fieldOf('data.items.0.note', ['data'])).toBe('data');
    const { byField, rest } = sortIssues(
      [
        { path: 'name', message: 'Uno.' },
        { path: 'name', message: 'Segundo de name (no se muestra).' },
        { path: 'body', message: 'Escriba el texto.' },
      ],
      ['name'],
    );
    expect(byField).toEqual({ name: 'Uno.' });
    expect(rest).toEqual(['Texto: Escriba el texto.']);
    expect(labelledIssue({ path: '', message: 'Sin campo.' })).toBe('Sin campo.');
  });

  it('away from a form, a refusal names each field by its label', () => {
    const err = new AppError('VALIDATION_FAILED', 'Revise los datos', [
      { path: 'code', message: 'Este campo es obligatorio.' },
      { path: 'dependencia', message: 'Escriba al menos 2 caracteres.' },
    ]);
    expect(describeError(err)).toBe('Revise los datos: Código del computador: Este campo es obligatorio. Dependencia: Escriba al menos 2 caracteres.');
  });
});
