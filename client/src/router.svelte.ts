/**
 * A small history-API router: the current route as runes. App.svelte imports each page lazily
 * so a phone only downloads the page it opens.
 */
import { matchRoute, type Route } from '../../shared/routes';

export { routeKey, type Route } from '../../shared/routes';

class Router {
  path = $state(location.pathname);
  search = $state(location.search);
  route: Route = $derived(matchRoute(this.path, this.search));

  constructor() {
    window.addEventListener('popstate', () => this.#sync());
  }

  #sync(): void {
    this.path = location.pathname;
    this.search = location.search;
  }

  navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
    const url = new URL(to, location.href);
    const target = url.pathname + url.search + url.hash;
    if (target === location.pathname + location.search + location.hash) return;
    if (replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    this.#sync();
    if (!replace) window.scrollTo(0, 0);
  }

  /** Same-origin link clicks become client-side navigations (not /api downloads). */
  interceptLinks(root: HTMLElement | Document = document): void {
    root.addEventListener('click', (event) => {
      if (!(event instanceof MouseEvent)) return;
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a');
      if (!anchor || !anchor.href) return;
      if (anchor.target && anchor.target !== '_self') return;
      if (anchor.hasAttribute('download') || anchor.getAttribute('rel')?.includes('external')) {
        return;
      }
      const url = new URL(anchor.href);
      if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
      event.preventDefault();
      this.navigate(url.pathname + url.search + url.hash);
    });
  }
}

export const router = new Router();
