/**
 * Plain HTTP from another machine is sent to HTTPS on the same host and port (308 keeps the
 * method and body). Loopback stays plain (localhost is a secure context already), and so do
 * the pages a phone needs before it trusts the CA: the trust page, its assets, the CA itself.
 */
import type { TLSSocket } from 'node:tls';
import type { NextFunction, Request, Response } from 'express';

/** Paths served over plain HTTP to anyone (pure). */
export function plainAllowed(path: string): boolean {
  return (
    path === '/trust' ||
    path === '/healthz' ||
    path === '/api/tls' ||
    path === '/favicon.ico' ||
    path.startsWith('/tls/') ||
    path.startsWith('/assets/')
  );
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

const HOST = /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/** Where a plain request for `url` on `host` goes, or null for a Host that is not one (pure). */
export function httpsLocation(host: string | undefined, url: string): string | null {
  if (!host || !HOST.test(host) || !url.startsWith('/') || url.startsWith('//')) return null;
  return `https://${host}${url}`;
}

export function httpsRedirect() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.socket as Partial<TLSSocket>).encrypted || isLoopback(req.socket.remoteAddress)) {
      return next();
    }
    if (plainAllowed(req.path)) return next();
    const location = httpsLocation(req.headers.host, req.originalUrl);
    if (!location) {
      res.status(400).type('text/plain').send('Bad Host header');
      return;
    }
    res.redirect(308, location);
  };
}
