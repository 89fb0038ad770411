/**
 * History routing over the contract's page paths (DASHBOARD_PAGES): the servers answer index.html
 * for each of them, so a reload or a link from an email opens the right page.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'overview' }
  | { page: 'department'; id: string }
  | { page: 'interfaces' }
  | { page: 'journeys' }
  | { page: 'incidents' }
  | { page: 'incident'; id: string }
  | { page: 'not-found' };

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

export function routeOf(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === '')) return { page: 'overview' };
  const [first, second, ...rest] = parts;
  if (rest.length === 0 && second === undefined) {
    if (first === 'interfaces') return { page: 'interfaces' };
    if (first === 'journeys') return { page: 'journeys' };
    if (first === 'incidents') return { page: 'incidents' };
  }
  if (rest.length === 0 && second) {
    const id = decode(second);
    if (id && first === 'departments') return { page: 'department', id };
    if (id && first === 'incidents') return { page: 'incident', id };
  }
  return { page: 'not-found' };
}

const NAVIGATE_EVENT = 'cv:navigate';

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** The current route, following links, back and forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.pathname));
    addEventListener('popstate', update);
    addEventListener(NAVIGATE_EVENT, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);
  return route;
}

type LinkProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string; children: ComponentChildren };

/** An ordinary link (open in a new tab works) that routes in the page on a plain click. */
export function Link({ href, children, ...rest }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a {...rest} href={href} onClick={onClick}>
      {children}
    </a>
  );
}
