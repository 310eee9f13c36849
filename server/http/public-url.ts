import { networkInterfaces } from 'node:os';
import type { Request } from 'express';

/** The machine's first LAN IPv4 address (a laptop on the courtyard hotspot), if any. */
export function lanAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

/** What the addresses given to phones are built from: PUBLIC_URL, and whether HTTPS is on. */
export interface PublicOrigin {
  configured: string | undefined;
  https: boolean;
}

/**
 * The base URL phones should open. A facilitator often browses the console on the laptop
 * itself (localhost): a QR code pointing at localhost would send every phone to itself, so
 * the laptop's LAN address is used instead. PUBLIC_URL, when set, always wins. With HTTPS on,
 * phones still get http://: every phone can vote without a certificate warning, and one that
 * trusts the local CA moves itself to https:// (client/src/lib/secure-upgrade.ts).
 */
export function publicBaseUrl(origin: PublicOrigin, req: Request): string {
  if (origin.configured) return origin.configured.replace(/\/$/, '');
  const scheme = origin.https ? 'http' : req.protocol;
  const url = new URL(`${scheme}://${req.get('host') ?? 'localhost'}`);
  if (/^(localhost|127\.|\[::1\]$)/.test(url.hostname)) {
    const lan = lanAddress();
    if (lan) url.hostname = lan;
  }
  return url.origin;
}

/**
 * The trust page (how to install the CA) for phones: plain http://, since a phone that does
 * not trust the CA yet cannot open the https:// one without a warning. Null without HTTPS.
 */
export function trustPageUrl(origin: PublicOrigin, req: Request): string | null {
  if (!origin.https) return null;
  const url = new URL(publicBaseUrl(origin, req));
  url.protocol = 'http:';
  return `${url.origin}/trust`;
}
