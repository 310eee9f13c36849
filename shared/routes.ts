/**
 * The client's routes, matched from a path (pure). The browser routes with them; the server uses
 * them to name, in the HTML it sends, the chunks the route will need.
 */
export type Route =
  | { name: 'home' }
  | { name: 'setup' }
  | { name: 'login'; next: string | null }
  | { name: 'console' }
  | { name: 'consoleMeeting'; code: string }
  | { name: 'consolePrint'; code: string }
  | { name: 'participant'; code: string }
  | { name: 'screen'; code: string }
  /** How a phone installs the local CA (HTTPS on the LAN); served over plain HTTP too. */
  | { name: 'trust' }
  | { name: 'notFound' };

const CODE = '(\\d{6})';
const PATTERNS: [RegExp, (m: RegExpExecArray, search: URLSearchParams) => Route][] = [
  [/^\/$/, () => ({ name: 'home' })],
  [/^\/setup$/, () => ({ name: 'setup' })],
  [/^\/trust$/, () => ({ name: 'trust' })],
  [/^\/login$/, (_m, search) => ({ name: 'login', next: safeNext(search.get('next')) })],
  [/^\/console$/, () => ({ name: 'console' })],
  [new RegExp(`^/console/${CODE}$`), (m) => ({ name: 'consoleMeeting', code: m[1] ?? '' })],
  [new RegExp(`^/console/${CODE}/print$`), (m) => ({ name: 'consolePrint', code: m[1] ?? '' })],
  [new RegExp(`^/m/${CODE}$`), (m) => ({ name: 'participant', code: m[1] ?? '' })],
  [new RegExp(`^/m/${CODE}/screen$`), (m) => ({ name: 'screen', code: m[1] ?? '' })],
];

/** Only same-site paths are accepted as a post-login destination. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const params = new URLSearchParams(search);
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(path);
    if (m) return build(m, params);
  }
  return { name: 'notFound' };
}

/** A stable key per page instance: changing it remounts the page. */
export function routeKey(route: Route): string {
  return 'code' in route ? `${route.name}:${route.code}` : route.name;
}
