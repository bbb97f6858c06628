// Input that cannot be right is refused with a reason tied to its field.
import { describe, expect, it } from 'vitest';
import { dateRangeProblem } from '#shared/date-range';
import { RECORD_KINDS } from '#shared/records';
import { courseCreateSchema } from '#shared/training/training-schema';

const course = { semester: '2026-2', name: 'Hoja de cálculo', topics: [], hours: 8, scaleMax: 5, passThreshold: 3 };

describe('course pass mark', () => {
  it('refuses a pass mark above the scale, on the passThreshold field, in Spanish', () => {
    const r = courseCreateSchema.safeParse({ ...course, passThreshold: 7 });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['passThreshold'], message: 'La nota mínima para aprobar no puede ser mayor que la nota máxima de la escala' }),
    ]);
  });

  it('accepts a pass mark equal to the scale, and the kind spec (device and server) uses the same check', () => {
    expect(courseCreateSchema.safeParse({ ...course, passThreshold: 5 }).success).toBe(true);
    expect(RECORD_KINDS.course.createSchema.safeParse({ ...course, passThreshold: 7 }).success).toBe(false);
    expect(RECORD_KINDS.course.createSchema.safeParse({ ...course, scaleMax: 100, passThreshold: 60 }).success).toBe(true);
  });
});

describe('report date range', () => {
  it('names "hasta" when it is before "desde", with both dates as dd/mm/aaaa', () => {
    expect(dateRangeProblem({ from: '2026-07-01', to: '2026-06-30' })).toEqual({
      field: 'to',
      message: '«Hasta» (30/06/2026) es anterior a «Desde» (01/07/2026): corrija una de las dos fechas.',
    });
  });

  it('names an empty or incomplete date, and accepts a one-day range', () => {
    expect(dateRangeProblem({ from: '', to: '2026-06-30' })?.field).toBe('from');
    expect(dateRangeProblem({ from: '2026-01-01', to: '' })?.field).toBe('to');
    expect(dateRangeProblem({ from: '2026-06-30', to: '2026-06-30' })).toBeNull();
    expect(dateRangeProblem({ from: '2026-01-01', to: '2026-06-30' })).toBeNull();
  });
});
