/**
 * Phones open the laptop's plain http:// address (the QR code), so that every phone can vote
 * without a certificate warning. A phone that trusts the laptop's local CA (installed once from
 * the trust page) moves itself to https://, where its microphone and its offline page work.
 * Whether it trusts the CA is asked of the browser itself: a no-cors fetch of the https://
 * address resolves only when the TLS handshake succeeded, i.e. the certificate was accepted.
 *
 * localStorage belongs to one origin, and http:// and https:// are two. What the phone
 * remembers (who it is in each meeting, ballots not yet acknowledged, queued answers, its
 * language and type size) goes along in the URL's fragment, which is never sent to a server,
 * and is taken on the other side only where that origin has nothing under the same key.
 */

/** The keys a phone keeps (lib/identity.ts, lib/state/*-outbox.ts, i18n, large type). */
const KEPT = /^(yb:|yuanba\.)/;
const HANDOFF = '#yb-handoff=';
/** The probe must answer before a person could start typing; else stay on http. */
const PROBE_MS = 1500;
/** A fragment this long is not ours (a phone keeps a few KB). */
const MAX_HANDOFF_CHARS = 256 * 1024;

const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host.startsWith('127.') || host === '[::1]';

function kept(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    const value = key === null ? null : localStorage.getItem(key);
    if (key !== null && value !== null && KEPT.test(key)) out[key] = value;
  }
  return out;
}

/** On https://: takes what the phone brought from http://, never over what is here already. */
export function acceptHandoff(): void {
  if (!location.hash.startsWith(HANDOFF)) return;
  const raw = location.hash.slice(HANDOFF.length);
  // Out of the address bar and the history at once: the fragment names the phone's token.
  history.replaceState(history.state, '', location.pathname + location.search);
  if (location.protocol !== 'https:' || raw.length > MAX_HANDOFF_CHARS) return;
  try {
    const entries: unknown = JSON.parse(decodeURIComponent(raw));
    if (typeof entries !== 'object' || entries === null) return;
    for (const [key, value] of Object.entries(entries)) {
      if (KEPT.test(key) && typeof value === 'string' && localStorage.getItem(key) === null) {
        localStorage.setItem(key, value);
      }
    }
  } catch {
    // a mangled fragment or no storage: the phone starts as a new visitor would
  }
}

/**
 * On http:// from another machine: if the https:// address is trusted, go there now, before
 * anyone has started using this page. Resolves without moving otherwise.
 */
export async function upgradeIfTrusted(): Promise<void> {
  if (location.protocol !== 'http:' || isLoopbackHost(location.hostname)) return;
  let used = false;
  const mark = () => (used = true);
  addEventListener('pointerdown', mark, { capture: true, once: true });
  addEventListener('keydown', mark, { capture: true, once: true });
  const secure = `https://${location.host}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PROBE_MS);
  try {
    await fetch(`${secure}/api/tls`, { mode: 'no-cors', cache: 'no-store', signal: abort.signal });
  } catch {
    return; // not trusted (or not there): this phone votes on http://
  } finally {
    clearTimeout(timer);
    removeEventListener('pointerdown', mark, { capture: true });
    removeEventListener('keydown', mark, { capture: true });
  }
  if (used) return; // someone is already typing or tapping: the next visit moves
  let handoff = '';
  try {
    const entries = kept();
    if (Object.keys(entries).length > 0) {
      handoff = HANDOFF + encodeURIComponent(JSON.stringify(entries));
    }
  } catch {
    // no storage here: nothing to carry
  }
  location.replace(`${secure}${location.pathname}${location.search}${handoff}`);
}
