import { useEffect, useState } from 'preact/hooks';

/** Hash routes, so deep links work offline from the cached shell with no server routing. */
export type Route =
  | { page: 'list' }
  | { page: 'new' }
  | { page: 'detail'; id: string }
  | { page: 'receipt'; id: string }
  | { page: 'report' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'solicitudes' && parts[1] === 'nueva') return { page: 'new' };
  if (parts[0] === 'solicitudes' && parts[1] && parts[2] === 'constancia') return { page: 'receipt', id: parts[1] };
  if (parts[0] === 'solicitudes' && parts[1]) return { page: 'detail', id: parts[1] };
  if (parts[0] === 'informe') return { page: 'report' };
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
