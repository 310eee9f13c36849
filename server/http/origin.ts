/**
 * The same-origin rule for everything a browser sends with the session cookie: REST state
 * changes, the Socket.IO handshake and the collab upgrade. Another origin on the same host
 * (another port, a site on the LAN) is "same-site" to the browser, so SameSite=Lax cookies
 * go along: only Origin / Sec-Fetch-Site tell such a request apart.
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ERROR_CODES } from '../../shared/protocol';
import { sendError } from './respond';

/** host[:port], lower case, without the scheme's default port. */
function authority(host: string): string {
  return host.toLowerCase().replace(/:(80|443)$/, '');
}

/**
 * True unless a browser says the request comes from another origin. The server's own origins
 * are the Host the browser used (a phone reaches the laptop by its LAN address, `vite dev`
 * keeps the browser's Host) and PUBLIC_URL. Requests without Origin and Sec-Fetch-Site come
 * from non-browser clients or same-origin navigations: no cookie can be ridden that way.
 */
export function sameOrigin(req: IncomingMessage, publicUrl: string | undefined): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let from: string;
  try {
    from = authority(new URL(origin).host);
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  if (from === '') return false;
  const own = [req.headers.host ?? ''];
  if (publicUrl) own.push(new URL(publicUrl).host);
  return own.some((host) => host !== '' && authority(host) === from);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A body-less request, or one whose body is declared JSON. */
function jsonOrEmpty(req: Request): boolean {
  const type = req.headers['content-type'];
  if (type === undefined) {
    const length = req.headers['content-length'];
    return (
      req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')
    );
  }
  return /^application\/json\s*(;|$)/i.test(type);
}

/**
 * REST state changes: same origin only, and JSON or no body (an HTML form can post
 * text/plain, urlencoded or multipart across origins without a preflight, never JSON).
 */
export function stateChangeGuard(publicUrl: string | undefined) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!sameOrigin(req, publicUrl)) {
      return sendError(res, {
        ok: false,
        code: ERROR_CODES.FORBIDDEN,
        message: 'Cross-origin request refused',
      });
    }
    if (!jsonOrEmpty(req)) {
      return sendError(res, {
        ok: false,
        code: ERROR_CODES.VALIDATION,
        message: 'Send the body as application/json',
      });
    }
    next();
  };
}
