import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import '#shared/zod-locale';
import { computerClientSchema } from '#shared/plan/plan-schema';
import { courseClientSchema } from '#shared/training/training-schema';
import { zodIssues } from '#shared/errors';

const messagesOf = (schema: z.ZodMiniType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : zodIssues(r.error);
};

describe('validation texts (every schema, device and server)', () => {
  it('say what to do, in short Spanish, per issue code', () => {
    expect(messagesOf(z.string().check(z.trim(), z.minLength(2)), 'a')).toEqual([{ path: '', message: 'Escriba al menos 2 caracteres.' }]);
    expect(messagesOf(z.string().check(z.trim(), z.minLength(1)), '  ')).toEqual([{ path: '', message: 'Este campo es obligatorio.' }]);
    expect(messagesOf(z.string().check(z.maxLength(200)), 'x'.repeat(201))[0]?.message).toBe('Escriba como máximo 200 caracteres.');
    expect(messagesOf(z.number(), Number.NaN)[0]?.message).toBe('Escriba un número.');
    expect(messagesOf(z.number().check(z.int()), 2.5)[0]?.message).toBe('Escriba un número entero.');
    expect(messagesOf(z.number().check(z.lte(100)), 150)[0]?.message).toBe('Debe ser como máximo 100.');
    expect(messagesOf(z.number().check(z.gte(1)), 0)[0]?.message).toBe('Debe ser al menos 1.');
    expect(messagesOf(z.number(), undefined)[0]?.message).toBe('Este campo es obligatorio.');
    expect(messagesOf(z.enum(['a', 'b']), 'c')[0]?.message).toBe('Elija una de las opciones de la lista.');
    expect(messagesOf(z.email(), 'no-es-correo')[0]?.message).toMatch(/^Escriba un correo electrónico válido/);
    expect(messagesOf(z.array(z.string()).check(z.minLength(1)), [])[0]?.message).toBe('Elija o agregue al menos uno.');
  });

  it('a schema’s own message wins over them', () => {
    expect(messagesOf(z.string().check(z.minLength(10, 'Explique el motivo')), 'x')[0]?.message).toBe('Explique el motivo');
  });

  it('never the library’s wording, on the records’ real schemas', () => {
    const all = [...messagesOf(computerClientSchema, { code: '', dependencia: 'x' }), ...messagesOf(courseClientSchema, { semester: '2026-1', name: 'Ex', hours: Number.NaN, scaleMax: 5, passThreshold: 'tres' })];
    expect(all.length).toBeGreaterThan(3);
    for (const i of all) expect(i.message).not.toMatch(/Demasiado|se esperaba|recibido|NaN|inválid/);
    expect(all.find((i) => i.path === 'code')?.message).toBe('Este campo es obligatorio.');
    expect(all.find((i) => i.path === 'dependencia')?.message).toBe('Escriba al menos 2 caracteres.');
  });
});
