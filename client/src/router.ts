// A tiny History API router. The server answers every non-API path with index.html.

export type RouteName = 'home' | 'login' | 'password' | 'users' | 'notFound';

export interface Route {
  name: RouteName;
  path: string;
  query: URLSearchParams;
}

export const paths = {
  home: '/',
  login: '/login',
  password: '/password',
  users: '/users',
} as const satisfies Record<Exclude<RouteName, 'notFound'>, string>;

const byPath = new Map<string, RouteName>(
  Object.entries(paths).map(([name, path]) => [path, name as RouteName]),
);
const listeners = new Set<(route: Route) => void>();

export function currentRoute(): Route {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  return { name: byPath.get(path) ?? 'notFound', path, query: new URLSearchParams(location.search) };
}

export function navigate(url: string, { replace = false } = {}): void {
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify();
}

export function onRouteChange(listener: (route: Route) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Only same-origin absolute paths: a `next` parameter must never send the user elsewhere. */
export function safeInternalPath(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

export function startRouter(): void {
  window.addEventListener('popstate', notify);
  // Plain <a href="/…"> links anywhere (shadow roots included) navigate without a reload.
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    if (anchor.getAttribute('href')?.startsWith('#')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}

function notify(): void {
  const route = currentRoute();
  for (const listener of listeners) listener(route);
}
