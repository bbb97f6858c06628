import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, plural, semesterLabel, whoLine } from '../../../src/ui/i18n/format';
import { changeOf, kindName, newRecordOf, recordTitle } from '../../../src/ui/i18n/kind-names';
import { messages as m } from '../../../src/ui/i18n/es-CO';
import { CREATABLE_KINDS } from '#shared/records';

describe('plural', () => {
  it('agrees the noun with the count', () => {
    expect(plural(1, 'cambio')).toBe('1 cambio');
    expect(plural(0, 'cambio')).toBe('0 cambios');
    expect(plural(3, 'archivo')).toBe('3 archivos');
    expect(plural(2, 'sesión', 'sesiones')).toBe('2 sesiones');
    expect(plural(1200, 'cambio')).toBe('1.200 cambios');
    expect(m.sync.exported(1, 1)).toBe('Archivo guardado con 1 cambio y 1 archivo.');
    expect(m.sync.signOutText(1)).toMatch(/^Hay 1 cambio sin enviar/);
  });
});

describe('dates: one format, dd/mm/aaaa', () => {
  it('from a calendar date or an instant, in Bogotá whatever the device zone', () => {
    expect(formatDate('2026-12-22')).toBe('22/12/2026');
    // 02:00 UTC on 1 December is still 30 November in Bogotá (UTC−5).
    expect(formatDate('2026-12-01T02:00:00Z')).toBe('30/11/2026');
    expect(formatDateTime('2026-12-01T02:05:00Z')).toBe('30/11/2026 21:05');
    expect(formatDate('')).toBe('');
    expect(formatDate('no es fecha')).toBe('no es fecha');
    expect(m.pqrsd.dueOn('2026-12-22')).toBe('Vence el 22/12/2026');
  });

  it('a semester in words', () => {
    expect(semesterLabel('2026-1')).toBe('primer semestre de 2026');
    expect(semesterLabel('2026-2')).toBe('segundo semestre de 2026');
    expect(m.training.certBody('Excel', 8, '2026-1')).toContain('de 8 horas, primer semestre de 2026,');
  });
});

describe('record kinds in sentences', () => {
  it('agree in gender on every kind, and never show the internal name', () => {
    expect(newRecordOf('pqrsd')).toBe('Nueva solicitud');
    expect(newRecordOf('evaluation')).toBe('Nueva evaluación');
    expect(newRecordOf('plan_measurement')).toBe('Nueva medición');
    expect(newRecordOf('course')).toBe('Nuevo curso');
    expect(changeOf('training_session')).toBe('Cambio en la sesión de capacitación');
    expect(m.sync.kind('plan_goal', 'create')).toBe('Nueva meta');
    for (const kind of CREATABLE_KINDS) {
      expect(kindName(kind)).not.toBe('registro');
      expect(newRecordOf(kind)).not.toContain('_');
    }
  });

  it('name a record as people know it', () => {
    expect(recordTitle({ title: 'Horarios de atención', body: 'x' })).toBe('Horarios de atención');
    expect(recordTitle({ radicado: null, provisionalNumber: 'P-AB12-0001' })).toBe('P-AB12-0001');
    expect(recordTitle(undefined)).toBeNull();
    expect(m.conflicts.field('el contenido del portal', 'Horarios', 'Texto del contenido')).toBe('En el contenido del portal «Horarios»: Texto del contenido');
  });
});

describe('who is signed in', () => {
  it('says each part once', () => {
    expect(whoLine(['Comité GEL-T', 'Comité GEL-T', null])).toBe('Comité GEL-T');
    expect(whoLine(['Ana Ruiz', 'Funcionario (Ventanilla única)', 'Secretaría de Gobierno'])).toBe('Ana Ruiz · Funcionario (Ventanilla única) · Secretaría de Gobierno');
  });
});
