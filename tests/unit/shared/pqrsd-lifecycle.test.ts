import { describe, it, expect } from 'vitest';
import { addBusinessDays, businessDaysBetween } from '#shared/calendar';
import {
  DEFAULT_PQRSD_SETTINGS,
  lifecycleSchema,
  type Lifecycle,
  type PqrsdAction,
  type PqrsdActionType,
  type PqrsdSettings,
  type PqrsdState,
} from '#shared/pqrsd/lifecycle-schema';
import {
  allowedActions,
  applyEvent,
  dueWithin,
  extensionCap,
  foldEvents,
  initialLifecycle,
  isOverdue,
  PQRSD_ACTION_TYPES,
  responseBusinessDays,
  type LifecycleEvent,
} from '../../helpers/default-rules';
import { PQRSD_TYPES, type PqrsdType } from '#shared/records/pqrsd';
import { UNTOUCHED_LIFECYCLE } from '../../helpers/fixtures';

// Fri 2026-07-10, 10:00 in Bogotá. Business days after it: 07-14 (07-13 and 07-20 are holidays),
// 07-15, 07-16, 07-17, 07-21 (5th), …, 07-28 (10th), …, 08-04 (15th).
const RECEIVED = '2026-07-10T15:00:00Z';

const A = {
  asignar: { type: 'asignar', dependencia: 'Secretaría de Gobierno', assignee: 'Ana Pérez' },
  iniciar_tramite: { type: 'iniciar_tramite' },
  prorrogar: { type: 'prorrogar', newDueDate: '2026-08-25', reason: 'Se requiere concepto de otra dependencia' },
  trasladar: { type: 'trasladar', authority: 'Gobernación del Guaviare', copyToPetitioner: 'Correo electrónico al peticionario' },
  solicitar_complemento: { type: 'solicitar_complemento', what: 'Copia del documento de identidad' },
  ampliar_plazo_complemento: { type: 'ampliar_plazo_complemento' },
  completar: { type: 'completar' },
  desistir: { type: 'desistir' },
  desistimiento_tacito: { type: 'desistimiento_tacito', act: { number: 'RES-001', date: '2026-08-19', notifiedBy: 'personal' } },
  reponer_desistimiento: { type: 'reponer_desistimiento', act: { number: 'RES-002', date: '2026-09-01', notifiedBy: 'personal' } },
  responder: { type: 'responder', answer: 'Se atiende la queja', denied: false, documentName: null },
} as const satisfies { [K in PqrsdActionType]: Extract<PqrsdAction, { type: K }> };

const ev = (date: string, action: PqrsdAction): LifecycleEvent => ({ date, action });

function fold(events: LifecycleEvent[], type: PqrsdType = 'queja', settings?: PqrsdSettings): Lifecycle {
  const r = foldEvents(type, RECEIVED, events, settings);
  expect(r.rejected).toEqual([]);
  return r.lifecycle;
}

function ok(l: Lifecycle, date: string, action: PqrsdAction, settings?: PqrsdSettings): Lifecycle {
  const r = applyEvent(l, { date, action }, settings);
  if (!r.ok) throw new Error(`expected ${action.type} on ${date} to be accepted: ${r.message}`);
  expect(lifecycleSchema.parse(r.lifecycle)).toEqual(r.lifecycle);
  return r.lifecycle;
}

function refused(l: Lifecycle, date: string, action: PqrsdAction, settings?: PqrsdSettings): string {
  const r = applyEvent(l, { date, action }, settings);
  if (r.ok) throw new Error(`expected ${action.type} on ${date} to be refused`);
  return r.message;
}

/** One request (queja received 2026-07-10, due 2026-08-04) in each state, reached on 2026-07-14. */
const D0 = '2026-07-14';
const FIXTURES: Record<PqrsdState, LifecycleEvent[]> = {
  radicada: [],
  asignada: [ev(D0, A.asignar)],
  en_tramite: [ev(D0, A.asignar), ev(D0, A.iniciar_tramite)],
  incompleta: [ev(D0, A.solicitar_complemento)],
  prorrogada: [ev(D0, A.prorrogar)],
  trasladada: [ev(D0, A.trasladar)],
  respondida: [ev(D0, A.responder)],
  desistida: [ev(D0, A.desistir)],
};

describe('initialLifecycle', () => {
  it.each([
    ['peticion_documentos', RECEIVED, '2026-07-28'],
    ['queja', RECEIVED, '2026-08-04'],
    ['peticion_general', RECEIVED, '2026-08-04'],
    ['consulta', '2026-03-27T09:00:00-05:00', '2026-05-13'],
    ['peticion_documentos', '2026-03-27T09:00:00-05:00', '2026-04-14'],
    ['reclamo', '2025-12-19T16:30:00-05:00', '2026-01-14'],
  ] as const)('%s received %s is due %s', (type, receivedAt, due) => {
    const l = initialLifecycle(type, receivedAt);
    expect(l).toEqual({
      state: 'radicada',
      receivedDate: receivedAt.slice(0, 10),
      termDays: PQRSD_TYPES[type].termDays,
      dueDate: due,
      initialDueDate: due,
      ...UNTOUCHED_LIFECYCLE,
      eventCount: 0,
    });
    expect(lifecycleSchema.parse(l)).toEqual(l);
    // As filed, no step has set anything yet.
    expect(Object.values(UNTOUCHED_LIFECYCLE).every((v) => v === null || v === false || v === 0)).toBe(true); // 0 stopped days
  });

  it('takes the receipt date in Bogotá, not UTC', () => {
    // 2026-07-11 02:00 UTC is still Friday 2026-07-10 21:00 in Bogotá.
    expect(initialLifecycle('queja', '2026-07-11T02:00:00Z').receivedDate).toBe('2026-07-10');
  });

  it('a felicitación has no term and no due date', () => {
    const l = initialLifecycle('felicitacion', RECEIVED);
    expect(l.termDays).toBeNull();
    expect(l.dueDate).toBeNull();
    expect(l.initialDueDate).toBeNull();
    expect(isOverdue(l, '2030-01-01')).toBe(false);
  });

  it('counts Saturdays when the municipality works on Saturday', () => {
    const l = initialLifecycle('peticion_documentos', RECEIVED, { ...DEFAULT_PQRSD_SETTINGS, saturdayIsBusinessDay: true });
    expect(l.dueDate).toBe('2026-07-24');
  });
});

describe('applyEvent: every state × every action', () => {
  const D = '2026-07-15';
  // Expected [state, dueDate] after the action on D, or null when refused.
  type Outcome = [PqrsdState, string | null] | null;
  const DUE = '2026-08-04';
  const EXT = '2026-08-25';
  const closedRow: Record<PqrsdActionType, Outcome> = {
    asignar: null, iniciar_tramite: null, prorrogar: null, trasladar: null, solicitar_complemento: null,
    ampliar_plazo_complemento: null, completar: null, desistir: null, desistimiento_tacito: null, reponer_desistimiento: null, responder: null,
  };
  const TABLE: Record<PqrsdState, Record<PqrsdActionType, Outcome>> = {
    radicada: {
      asignar: ['asignada', DUE], iniciar_tramite: null, prorrogar: ['prorrogada', EXT], trasladar: ['trasladada', null],
      solicitar_complemento: ['incompleta', null], ampliar_plazo_complemento: null, completar: null,
      desistir: ['desistida', null], desistimiento_tacito: null, reponer_desistimiento: null, responder: ['respondida', null],
    },
    asignada: {
      asignar: ['asignada', DUE], iniciar_tramite: ['en_tramite', DUE], prorrogar: ['prorrogada', EXT],
      trasladar: ['trasladada', null], solicitar_complemento: ['incompleta', null], ampliar_plazo_complemento: null,
      completar: null, desistir: ['desistida', null], desistimiento_tacito: null, reponer_desistimiento: null, responder: ['respondida', null],
    },
    // DOMAIN.md §7: a transfer is allowed from any open state.
    en_tramite: {
      asignar: ['en_tramite', DUE], iniciar_tramite: null, prorrogar: ['prorrogada', EXT], trasladar: ['trasladada', null],
      solicitar_complemento: ['incompleta', null], ampliar_plazo_complemento: null, completar: null,
      desistir: ['desistida', null], desistimiento_tacito: null, reponer_desistimiento: null, responder: ['respondida', null],
    },
    incompleta: {
      // Paused on 07-14 with 14 business days left: completed on 07-15 → 14 business days after.
      asignar: null, iniciar_tramite: null, prorrogar: null, trasladar: ['trasladada', null], solicitar_complemento: null,
      ampliar_plazo_complemento: ['incompleta', null], completar: ['radicada', '2026-08-05'],
      desistir: ['desistida', null], desistimiento_tacito: null, reponer_desistimiento: null, responder: null,
    },
    prorrogada: {
      asignar: ['prorrogada', EXT], iniciar_tramite: null, prorrogar: null, trasladar: ['trasladada', null], solicitar_complemento: null,
      ampliar_plazo_complemento: null, completar: null, desistir: ['desistida', null], desistimiento_tacito: null,
      reponer_desistimiento: null, responder: ['respondida', null],
    },
    trasladada: closedRow,
    respondida: closedRow,
    desistida: closedRow,
  };

  for (const [from, row] of Object.entries(TABLE) as [PqrsdState, Record<PqrsdActionType, Outcome>][]) {
    for (const action of PQRSD_ACTION_TYPES) {
      const expected = row[action];
      it(`${from} + ${action} → ${expected ? `${expected[0]} (due ${expected[1]})` : 'refused'}`, () => {
        const l = fold(FIXTURES[from]);
        expect(l.state).toBe(from);
        const r = applyEvent(l, ev(D, A[action]));
        if (expected === null) {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
          expect(allowedActions(l, D)).not.toContain(action);
        } else {
          if (!r.ok) throw new Error(r.message);
          expect([r.lifecycle.state, r.lifecycle.dueDate]).toEqual(expected);
          expect(r.lifecycle.eventCount).toBe(l.eventCount + 1);
          expect(r.lifecycle.initialDueDate).toBe(DUE);
          expect(allowedActions(l, D)).toContain(action);
        }
      });
    }
  }

  it('closed states explain why', () => {
    expect(refused(fold(FIXTURES.respondida), D, A.desistir)).toBe('La solicitud ya fue respondida: no admite más pasos.');
    expect(refused(fold(FIXTURES.trasladada), D, A.responder)).toMatch(/trasladada.*no admite más pasos/);
    expect(refused(fold(FIXTURES.desistida), D, A.responder)).toMatch(/desistimiento.*no admite más pasos/);
  });

  it('records the payload of each step', () => {
    const assigned = ok(initialLifecycle('queja', RECEIVED), D, A.asignar);
    expect([assigned.dependencia, assigned.assignee]).toEqual(['Secretaría de Gobierno', 'Ana Pérez']);
    const reassigned = ok(fold(FIXTURES.en_tramite), D, { ...A.asignar, assignee: 'Luis Gómez' });
    expect([reassigned.state, reassigned.assignee]).toEqual(['en_tramite', 'Luis Gómez']);

    const answered = ok(assigned, '2026-07-28', { ...A.responder, denied: true });
    expect(answered).toMatchObject({ state: 'respondida', answeredOn: '2026-07-28', closedOn: '2026-07-28', denied: true, dueDate: null, initialDueDate: '2026-08-04' });
    const transferred = ok(assigned, D, A.trasladar);
    expect(transferred).toMatchObject({ transferredTo: 'Gobernación del Guaviare', closedOn: D, dueDate: null });
    const withdrawn = ok(assigned, D, A.desistir);
    expect(withdrawn).toMatchObject({ withdrawal: 'expreso', closedOn: D, dueDate: null });
  });

  it('does not mutate the current lifecycle', () => {
    const l = initialLifecycle('queja', RECEIVED);
    const copy = structuredClone(l);
    ok(l, D, A.asignar);
    ok(l, D, A.solicitar_complemento);
    expect(l).toEqual(copy);
  });

  it('refuses invalid payloads with a Spanish message', () => {
    const l = initialLifecycle('queja', RECEIVED);
    expect(refused(l, D, { ...A.asignar, dependencia: 'x' })).toMatch(/^Dependencia: /);
    expect(refused(l, D, { ...A.prorrogar, reason: 'corto' })).toBe('Motivo: Explique el motivo de la prórroga');
    expect(refused(l, D, { ...A.prorrogar, newDueDate: '2026-02-30' })).toMatch(/^Nueva fecha de respuesta: /);
    expect(refused(l, '2026-7-15', A.desistir)).toMatch(/fecha del paso no es válida/);
  });
});

describe('events before receipt', () => {
  it('are refused for every action', () => {
    const l = initialLifecycle('queja', RECEIVED);
    for (const action of PQRSD_ACTION_TYPES) {
      expect(refused(l, '2026-07-09', A[action])).toMatch(/anterior a la recepción de la solicitud \(2026-07-10\)/);
    }
    expect(ok(l, '2026-07-10', A.asignar).state).toBe('asignada'); // the day of receipt itself is fine
  });
});

describe('extension (prórroga)', () => {
  const base = () => fold([ev(D0, A.asignar), ev(D0, A.iniciar_tramite)]);
  const ext = (newDueDate: string): PqrsdAction => ({ ...A.prorrogar, newDueDate });

  it('is allowed up to the due date and refused after it', () => {
    const l = ok(base(), '2026-08-04', ext('2026-08-20'));
    expect(l).toMatchObject({ state: 'prorrogada', extended: true, dueDate: '2026-08-20', initialDueDate: '2026-08-04', extensionReason: A.prorrogar.reason });
    expect(refused(base(), '2026-08-05', ext('2026-08-20'))).toBe('La prórroga debe notificarse antes del vencimiento (2026-08-04).');
  });

  it('is allowed only once', () => {
    const l = ok(base(), D0, ext('2026-08-20'));
    expect(refused(l, D0, ext('2026-08-25'))).toMatch(/una sola prórroga/);
  });

  it('must set a date after the current due date', () => {
    expect(refused(base(), D0, ext('2026-08-04'))).toMatch(/debe ser posterior al vencimiento actual \(2026-08-04\)/);
    expect(refused(base(), D0, ext('2026-07-30'))).toMatch(/posterior/);
    expect(ok(base(), D0, ext('2026-08-05')).dueDate).toBe('2026-08-05');
  });

  it("cap 'total': at most 2 × term business days after receipt", () => {
    const cap = addBusinessDays('2026-07-10', 30);
    expect(cap).toBe('2026-08-27');
    expect(extensionCap(base())).toBe(cap);
    expect(ok(base(), D0, ext(cap)).dueDate).toBe(cap);
    expect(refused(base(), D0, ext('2026-08-28'))).toMatch(/supera el máximo legal de la prórroga \(2026-08-27\)/);
  });

  it("cap 'extra': at most 2 × term business days after the original due date", () => {
    const settings: PqrsdSettings = { ...DEFAULT_PQRSD_SETTINGS, extensionCap: 'extra' };
    const cap = addBusinessDays('2026-08-04', 30);
    expect(cap).toBe('2026-09-17');
    expect(extensionCap(base(), settings)).toBe(cap);
    expect(ok(base(), D0, ext('2026-08-28'), settings).dueDate).toBe('2026-08-28');
    expect(ok(base(), D0, ext(cap), settings).dueDate).toBe(cap);
    expect(refused(base(), D0, ext('2026-09-18'), settings)).toMatch(/\(2026-09-17\)/);
  });

  it('after a suspension the cap moves with the due date', () => {
    // Paused 07-17 with 11 days left, completed 08-10 → due 08-26; cap = 08-26 + 15 business days.
    const l = fold([ev('2026-07-17', A.solicitar_complemento), ev('2026-08-10', A.completar)]);
    expect(l.dueDate).toBe('2026-08-26');
    expect(extensionCap(l)).toBe(addBusinessDays('2026-08-26', 15));
    expect(ok(l, '2026-08-20', ext('2026-09-10')).dueDate).toBe('2026-09-10');
  });

  it('is refused for a felicitación and while incompleta', () => {
    expect(refused(initialLifecycle('felicitacion', RECEIVED), D0, A.prorrogar)).toMatch(/felicitación/);
    expect(refused(fold(FIXTURES.incompleta), D0, A.prorrogar)).toMatch(/suspendido/);
  });
});

describe('transfer (art. 21)', () => {
  it('within 5 business days of receipt; later it is still recorded, flagged late (DOMAIN.md §7)', () => {
    expect(addBusinessDays('2026-07-10', 5)).toBe('2026-07-21');
    expect(ok(initialLifecycle('queja', RECEIVED), '2026-07-21', A.trasladar)).toMatchObject({ state: 'trasladada', transferLate: false });
    expect(ok(initialLifecycle('queja', RECEIVED), '2026-07-22', A.trasladar)).toMatchObject({ state: 'trasladada', transferLate: true });
  });

  it('a felicitación can be transferred and acknowledged', () => {
    const f = initialLifecycle('felicitacion', RECEIVED);
    expect(ok(f, '2026-07-14', A.trasladar).state).toBe('trasladada');
    expect(ok(f, '2027-01-20', A.responder)).toMatchObject({ state: 'respondida', answeredOn: '2027-01-20', dueDate: null });
  });
});

describe('incomplete request (art. 17)', () => {
  const paused = () => fold([ev(D0, A.asignar), ev('2026-07-17', A.solicitar_complemento)]);

  it('stops the clock and resumes the remaining days the day after completion', () => {
    const p = paused();
    expect(p).toMatchObject({
      state: 'incompleta',
      dueDate: null,
      pausedOn: '2026-07-17',
      remainingDays: 11, // business days after 07-17 up to 08-04
      resumeState: 'asignada',
      completionDeadline: '2026-08-18', // 08-17 is a holiday (Asunción)
      completionExtended: false,
    });
    expect(p.remainingDays).toBe(businessDaysBetween('2026-07-17', '2026-08-04'));
    expect(isOverdue(p, '2026-12-31')).toBe(false);

    const c = ok(p, '2026-08-10', A.completar);
    expect(c).toMatchObject({
      state: 'asignada',
      dueDate: '2026-08-26',
      initialDueDate: '2026-08-04',
      pausedOn: null,
      remainingDays: null,
      resumeState: null,
    });
    expect(businessDaysBetween('2026-08-10', c.dueDate as string)).toBe(11);
  });

  it('can be asked only within 10 business days of receipt', () => {
    const l = initialLifecycle('queja', RECEIVED);
    expect(ok(l, '2026-07-28', A.solicitar_complemento).remainingDays).toBe(5);
    expect(refused(l, '2026-07-29', A.solicitar_complemento)).toMatch(/10 días hábiles .*hasta 2026-07-28/);
  });

  it('can be asked only once, even after the citizen completed', () => {
    const c = ok(paused(), '2026-07-20', A.completar);
    expect(refused(c, '2026-07-21', A.solicitar_complemento)).toMatch(/Ya se pidió una vez/);
    expect(refused(paused(), '2026-07-21', A.solicitar_complemento)).toMatch(/Ya se pidió/);
  });

  it('is refused for a felicitación (no term to suspend)', () => {
    expect(refused(initialLifecycle('felicitacion', RECEIVED), D0, A.solicitar_complemento)).toMatch(/felicitación/);
  });

  it('the completion period can be extended once, before it ends, by an equal term', () => {
    const p = paused();
    expect(refused(p, '2026-08-19', A.ampliar_plazo_complemento)).toMatch(/venció el 2026-08-18/);
    const e = ok(p, '2026-08-18', A.ampliar_plazo_complemento);
    // Counted like the first month: from the day after the requirement (07-18), two months.
    expect(e).toMatchObject({ state: 'incompleta', completionDeadline: '2026-09-18', completionExtended: true, dueDate: null });
    expect(refused(e, '2026-08-20', A.ampliar_plazo_complemento)).toMatch(/ya se amplió una vez/);
    expect(ok(e, '2026-09-18', A.completar).dueDate).toBe(addBusinessDays('2026-09-18', 11));
  });

  it('completion after the deadline stands until the act of tacit withdrawal; the act only after it', () => {
    const p = paused();
    expect(ok(p, '2026-08-19', A.completar).state).toBe('asignada');
    expect(refused(p, '2026-08-18', A.desistimiento_tacito)).toMatch(/hasta el 2026-08-18/);
    const t = ok(p, '2026-08-19', A.desistimiento_tacito);
    expect(t).toMatchObject({ state: 'desistida', withdrawal: 'tacito', closedOn: '2026-08-19', dueDate: null });

    const e = ok(p, '2026-08-01', A.ampliar_plazo_complemento);
    expect(e.completionDeadline).toBe('2026-09-18'); // 07-18 + 2 months
    expect(refused(e, '2026-08-19', A.desistimiento_tacito)).toMatch(/hasta el 2026-09-18/);
    const late = { ...A.desistimiento_tacito, act: { number: 'RES-9', date: '2026-09-21', notifiedBy: 'aviso' as const } };
    expect(ok(e, '2026-09-21', late).state).toBe('desistida');
  });

  it('tacit withdrawal is refused outside incompleta', () => {
    expect(refused(initialLifecycle('queja', RECEIVED), '2026-12-01', A.desistimiento_tacito)).toMatch(/solo procede/);
  });

  it('steps dated before the pause are refused', () => {
    expect(refused(paused(), '2026-07-16', A.completar)).toMatch(/anterior a la solicitud de completar \(2026-07-17\)/);
  });

  it('express withdrawal is allowed while incompleta', () => {
    expect(ok(paused(), '2026-07-20', A.desistir)).toMatchObject({ state: 'desistida', withdrawal: 'expreso' });
  });
});

describe('foldEvents', () => {
  it('applies events in order and skips the refused ones', () => {
    const r = foldEvents('queja', RECEIVED, [
      ev(D0, A.iniciar_tramite), // refused: not assigned yet
      ev(D0, A.asignar),
      ev('2026-07-09', A.iniciar_tramite), // refused: before receipt
      ev('2026-07-15', A.iniciar_tramite),
      ev('2026-08-05', A.prorrogar), // refused: after the due date
      ev('2026-07-30', A.responder),
      ev('2026-07-31', A.desistir), // refused: closed
    ]);
    expect(r.rejected.map((x) => x.index)).toEqual([0, 2, 4, 6]);
    expect(r.rejected[2]?.message).toBe('La prórroga debe notificarse antes del vencimiento (2026-08-04).');
    expect(r.lifecycle).toMatchObject({ state: 'respondida', answeredOn: '2026-07-30', eventCount: 3 });
  });

  it('with no events is the initial lifecycle', () => {
    expect(foldEvents('consulta', RECEIVED, [])).toEqual({ lifecycle: initialLifecycle('consulta', RECEIVED), rejected: [] });
  });
});

describe('isOverdue / dueWithin', () => {
  const l = initialLifecycle('queja', RECEIVED); // due 2026-08-04

  it('overdue only after the due date, while open with a running clock', () => {
    expect(isOverdue(l, '2026-08-04')).toBe(false);
    expect(isOverdue(l, '2026-08-05')).toBe(true);
    expect(isOverdue(ok(l, '2026-08-05', A.responder), '2026-08-06')).toBe(false);
    expect(isOverdue(fold(FIXTURES.incompleta), '2026-12-01')).toBe(false);
  });

  it('due within n business days', () => {
    expect(dueWithin(l, '2026-07-30', 3)).toBe(true); // 07-30 + 3 = 08-04
    expect(dueWithin(l, '2026-07-30', 2)).toBe(false); // 07-30 + 2 = 08-03
    expect(dueWithin(l, '2026-08-04', 0)).toBe(true);
    expect(dueWithin(l, '2026-08-05', 10)).toBe(false); // already overdue
    expect(dueWithin(ok(l, D0, A.desistir), '2026-08-03', 5)).toBe(false);
    expect(dueWithin(initialLifecycle('felicitacion', RECEIVED), '2026-08-03', 5)).toBe(false);
  });
});

describe('allowedActions', () => {
  /** A valid payload built independently of the implementation. */
  function validAction(type: PqrsdActionType, l: Lifecycle, today: string): PqrsdAction {
    if (type === 'prorrogar' && l.dueDate) return { ...A.prorrogar, newDueDate: addBusinessDays(l.dueDate, 1) };
    if (type === 'desistimiento_tacito' || type === 'reponer_desistimiento') return { type, act: { number: 'RES-1', date: today, notifiedBy: 'personal' } };
    return A[type];
  }

  const DATES = ['2026-07-09', '2026-07-10', '2026-07-15', '2026-07-21', '2026-07-22', '2026-07-28', '2026-07-29', '2026-08-04', '2026-08-05', '2026-08-14', '2026-08-18', '2026-08-19', '2026-12-01'];
  const LIFECYCLES: [string, Lifecycle][] = [
    ...(Object.entries(FIXTURES) as [PqrsdState, LifecycleEvent[]][]).map(([s, evs]) => [s, fold(evs)] as [string, Lifecycle]),
    ['felicitación', initialLifecycle('felicitacion', RECEIVED)],
    ['felicitación asignada', fold([ev(D0, A.asignar)], 'felicitacion')],
    ['completada', fold([ev(D0, A.solicitar_complemento), ev('2026-07-20', A.completar)])],
    ['incompleta ampliada', fold([ev(D0, A.solicitar_complemento), ev(D0, A.ampliar_plazo_complemento)])],
    ['consulta en trámite', fold([ev(D0, A.asignar), ev(D0, A.iniciar_tramite)], 'consulta')],
  ];

  it.each(LIFECYCLES)('matches applyEvent for %s on every date', (_name, l) => {
    for (const today of DATES) {
      const allowed = allowedActions(l, today);
      for (const type of PQRSD_ACTION_TYPES) {
        const r = applyEvent(l, ev(today, validAction(type, l, today)));
        expect({ today, type, ok: r.ok }).toEqual({ today, type, ok: allowed.includes(type) });
      }
    }
  });

  it('shows the expected buttons', () => {
    expect(allowedActions(initialLifecycle('queja', RECEIVED), '2026-07-15')).toEqual([
      'asignar', 'prorrogar', 'trasladar', 'solicitar_complemento', 'desistir', 'responder',
    ]);
    expect(allowedActions(initialLifecycle('queja', RECEIVED), '2026-08-05')).toEqual(['asignar', 'trasladar', 'desistir', 'responder']);
    expect(allowedActions(fold(FIXTURES.incompleta), '2026-08-20')).toEqual(['trasladar', 'completar', 'desistir', 'desistimiento_tacito']);
    expect(allowedActions(fold(FIXTURES.respondida), '2026-08-20')).toEqual([]);
  });
});

describe('responseBusinessDays', () => {
  it('business days from receipt to the answer or closure', () => {
    const l = initialLifecycle('queja', RECEIVED);
    expect(responseBusinessDays(l)).toBeNull();
    expect(responseBusinessDays(ok(l, '2026-07-28', A.responder))).toBe(10);
    expect(responseBusinessDays(ok(l, '2026-08-04', A.responder))).toBe(15);
    expect(responseBusinessDays(ok(l, '2026-07-21', A.trasladar))).toBe(5);
    expect(responseBusinessDays(ok(l, '2026-07-10', A.desistir))).toBe(0);
    expect(responseBusinessDays(fold(FIXTURES.incompleta))).toBeNull();
  });
});
