import { networkInterfaces } from 'node:os';
import type { Request } from 'express';

/** The machine's first LAN IPv4 address (a laptop on the courtyard hotspot), if any. */
export function lanAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

/**
 * The base URL phones should open. A facilitator often browses the console on the laptop
 * itself (localhost): a QR code pointing at localhost would send every phone to itself, so
 * the laptop's LAN address is used instead. PUBLIC_URL, when set, always wins.
 */
export function publicBaseUrl(configured: string | undefined, req: Request): string {
  if (configured) return configured.replace(/\/$/, '');
  const url = new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}`);
  if (/^(localhost|127\.|\[::1\]$)/.test(url.hostname)) {
    const lan = lanAddress();
    if (lan) url.hostname = lan;
  }
  return url.origin;
}
