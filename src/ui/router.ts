import { useEffect, useState } from 'preact/hooks';

/** Hash routes, so deep links work offline from the cached shell with no server routing. */
export type Route =
  | { page: 'list' }
  | { page: 'new' }
  | { page: 'detail'; id: string }
  | { page: 'receipt'; id: string }
  | { page: 'report' }
  | { page: 'training' }
  | { page: 'course'; id: string }
  | { page: 'session'; id: string }
  | { page: 'attendance-sheet'; id: string }
  | { page: 'certificate'; courseId: string; officialId: string }
  | { page: 'training-indicators' }
  | { page: 'roster' }
  | { page: 'portal' }
  | { page: 'draft'; id: string }
  | { page: 'conflicts' }
  | { page: 'plan' }
  | { page: 'plan-action'; n: 1 | 2 | 3 | 4 | 5 | 6 }
  | { page: 'plan-phases' }
  | { page: 'plan-report' }
  | { page: 'sync' }
  | { page: 'devices' }
  | { page: 'users' }
  | { page: 'municipality' }
  | { page: 'password' }
  | { page: 'habeas' };

const ID = '([0-9a-f-]{36})';
const PATTERNS: [RegExp, (m: RegExpExecArray) => Route][] = [
  [/^solicitudes\/nueva$/, () => ({ page: 'new' })],
  [new RegExp(`^solicitudes/${ID}/constancia$`), (m) => ({ page: 'receipt', id: m[1] as string })],
  [new RegExp(`^solicitudes/${ID}$`), (m) => ({ page: 'detail', id: m[1] as string })],
  [/^informe$/, () => ({ page: 'report' })],
  [/^capacitacion$/, () => ({ page: 'training' })],
  [/^capacitacion\/indicadores$/, () => ({ page: 'training-indicators' })],
  [new RegExp(`^capacitacion/curso/${ID}$`), (m) => ({ page: 'course', id: m[1] as string })],
  [new RegExp(`^capacitacion/sesion/${ID}$`), (m) => ({ page: 'session', id: m[1] as string })],
  [new RegExp(`^capacitacion/sesion/${ID}/planilla$`), (m) => ({ page: 'attendance-sheet', id: m[1] as string })],
  [
    new RegExp(`^capacitacion/certificado/${ID}/${ID}$`),
    (m) => ({ page: 'certificate', courseId: m[1] as string, officialId: m[2] as string }),
  ],
  [/^funcionarios$/, () => ({ page: 'roster' })],
  [/^portal$/, () => ({ page: 'portal' })],
  [new RegExp(`^portal/borrador/${ID}$`), (m) => ({ page: 'draft', id: m[1] as string })],
  [/^conflictos$/, () => ({ page: 'conflicts' })],
  [/^plan$/, () => ({ page: 'plan' })],
  [/^plan\/accion\/([1-6])$/, (m) => ({ page: 'plan-action', n: Number(m[1]) as 1 })],
  [/^plan\/fases$/, () => ({ page: 'plan-phases' })],
  [/^plan\/informe$/, () => ({ page: 'plan-report' })],
  [/^sincronizacion$/, () => ({ page: 'sync' })],
  [/^dispositivos$/, () => ({ page: 'devices' })],
  [/^admin\/usuarios$/, () => ({ page: 'users' })],
  [/^admin\/municipio$/, () => ({ page: 'municipality' })],
  [/^contrasena$/, () => ({ page: 'password' })],
  [/^datos-personales$/, () => ({ page: 'habeas' })],
];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  for (const [re, make] of PATTERNS) {
    const m = re.exec(path);
    if (m) return make(m);
  }
  return { page: 'list' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'list':
      return '#/solicitudes';
    case 'new':
      return '#/solicitudes/nueva';
    case 'detail':
      return `#/solicitudes/${route.id}`;
    case 'receipt':
      return `#/solicitudes/${route.id}/constancia`;
    case 'report':
      return '#/informe';
    case 'training':
      return '#/capacitacion';
    case 'training-indicators':
      return '#/capacitacion/indicadores';
    case 'course':
      return `#/capacitacion/curso/${route.id}`;
    case 'session':
      return `#/capacitacion/sesion/${route.id}`;
    case 'attendance-sheet':
      return `#/capacitacion/sesion/${route.id}/planilla`;
    case 'certificate':
      return `#/capacitacion/certificado/${route.courseId}/${route.officialId}`;
    case 'roster':
      return '#/funcionarios';
    case 'portal':
      return '#/portal';
    case 'draft':
      return `#/portal/borrador/${route.id}`;
    case 'conflicts':
      return '#/conflictos';
    case 'plan':
      return '#/plan';
    case 'plan-action':
      return `#/plan/accion/${route.n}`;
    case 'plan-phases':
      return '#/plan/fases';
    case 'plan-report':
      return '#/plan/informe';
    case 'sync':
      return '#/sincronizacion';
    case 'devices':
      return '#/dispositivos';
    case 'users':
      return '#/admin/usuarios';
    case 'municipality':
      return '#/admin/municipio';
    case 'password':
      return '#/contrasena';
    case 'habeas':
      return '#/datos-personales';
  }
}

export function navigate(route: Route): void {
  location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => {
      setRoute(parseRoute(location.hash));
      document.getElementById('main')?.focus();
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
