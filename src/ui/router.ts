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

type Page = Route['page'];

/**
 * Where each page lives, declared once: `parseRoute` and `href` both read this table, and the
 * compiler refuses a page without its path. `:n` is an action of the plan (1–6); every other
 * parameter is a record id.
 */
const PATHS: { [P in Page]: string } = {
  list: 'solicitudes',
  new: 'solicitudes/nueva',
  detail: 'solicitudes/:id',
  receipt: 'solicitudes/:id/constancia',
  report: 'informe',
  training: 'capacitacion',
  'training-indicators': 'capacitacion/indicadores',
  course: 'capacitacion/curso/:id',
  session: 'capacitacion/sesion/:id',
  'attendance-sheet': 'capacitacion/sesion/:id/planilla',
  certificate: 'capacitacion/certificado/:courseId/:officialId',
  roster: 'funcionarios',
  portal: 'portal',
  draft: 'portal/borrador/:id',
  conflicts: 'conflictos',
  plan: 'plan',
  'plan-action': 'plan/accion/:n',
  'plan-phases': 'plan/fases',
  'plan-report': 'plan/informe',
  sync: 'sincronizacion',
  devices: 'dispositivos',
  users: 'admin/usuarios',
  municipality: 'admin/municipio',
  password: 'contrasena',
  habeas: 'datos-personales',
};

const PARAM = /:(\w+)/g;
const MATCHERS = (Object.entries(PATHS) as [Page, string][]).map(([page, path]) => ({
  page,
  names: [...path.matchAll(PARAM)].map((m) => m[1] as string),
  re: new RegExp(`^${path.replace(PARAM, (_, name: string) => (name === 'n' ? '([1-6])' : '([0-9a-f-]{36})'))}$`),
}));

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  for (const { page, names, re } of MATCHERS) {
    const m = re.exec(path);
    if (!m) continue;
    const params = Object.fromEntries(names.map((name, i) => [name, name === 'n' ? Number(m[i + 1]) : m[i + 1]]));
    return { page, ...params } as Route;
  }
  return { page: 'list' };
}

export function href(route: Route): string {
  const params = route as unknown as Record<string, string | number>;
  return `#/${PATHS[route.page].replace(PARAM, (_, name: string) => String(params[name]))}`;
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
