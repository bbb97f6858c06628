import { describe, expect, it } from 'vitest';
import { href, parseRoute, type Route } from '../../../src/ui/router';

const ID = '0190a1b2-c3d4-7e5f-8a6b-1c2d3e4f5a6b';
const OTHER = '0190a1b2-c3d4-7e5f-8a6b-ffffffffffff';

// One route of every page, keyed by page: the compiler refuses this table without a new page.
const ROUTES: { [P in Route['page']]: Extract<Route, { page: P }> } = {
  list: { page: 'list' }, new: { page: 'new' }, detail: { page: 'detail', id: ID }, receipt: { page: 'receipt', id: ID },
  report: { page: 'report' }, training: { page: 'training' }, course: { page: 'course', id: ID }, session: { page: 'session', id: ID },
  'attendance-sheet': { page: 'attendance-sheet', id: ID }, certificate: { page: 'certificate', courseId: ID, officialId: OTHER },
  'training-indicators': { page: 'training-indicators' }, roster: { page: 'roster' }, portal: { page: 'portal' },
  draft: { page: 'draft', id: ID }, conflicts: { page: 'conflicts' }, plan: { page: 'plan' }, 'plan-action': { page: 'plan-action', n: 4 },
  'plan-phases': { page: 'plan-phases' }, 'plan-report': { page: 'plan-report' }, sync: { page: 'sync' }, devices: { page: 'devices' },
  users: { page: 'users' }, municipality: { page: 'municipality' }, password: { page: 'password' }, habeas: { page: 'habeas' },
};
const EVERY_PAGE: Route[] = Object.values(ROUTES);

describe('hash routes', () => {
  it('reads back every page from its own link, parameters included', () => {
    for (const route of EVERY_PAGE) expect(parseRoute(href(route)), href(route)).toEqual(route);
  });

  it('keeps the Spanish paths deep links and bookmarks already carry', () => {
    expect(href({ page: 'receipt', id: ID })).toBe(`#/solicitudes/${ID}/constancia`);
    expect(href({ page: 'certificate', courseId: ID, officialId: OTHER })).toBe(`#/capacitacion/certificado/${ID}/${OTHER}`);
    expect(href({ page: 'plan-action', n: 6 })).toBe('#/plan/accion/6');
    expect(href({ page: 'municipality' })).toBe('#/admin/municipio');
    expect(parseRoute('#/solicitudes/nueva')).toEqual({ page: 'new' });
    expect(parseRoute('capacitacion/sesion/' + ID + '/planilla')).toEqual({ page: 'attendance-sheet', id: ID });
  });

  it('sends anything else to the request list: unknown paths, bad ids, a plan action out of 1–6', () => {
    for (const hash of ['', '#/', '#/nada', '#/solicitudes/123', `#/solicitudes/${ID}/otra`, '#/plan/accion/7', '#/plan/accion/0', `#/SOLICITUDES/${ID}`]) {
      expect(parseRoute(hash), hash).toEqual({ page: 'list' });
    }
  });
});
