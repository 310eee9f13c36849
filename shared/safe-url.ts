/**
 * URLs in user content (links in the minutes): absolute http, https and mailto only. Relative
 * URLs are refused too: a link in a record should say where it goes, and a path on this
 * server could lead a staff member into the console. Pure, for the client and the server.
 */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The URL, re-serialised by the URL parser, when it is allowed; otherwise null. */
export function safeHref(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  // Browsers drop tabs and newlines inside URLs ("java\tscript:") and trim C0 and spaces.
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (cleaned.length === 0 || cleaned.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return null; // relative or malformed
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}
