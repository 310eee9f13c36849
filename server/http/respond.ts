import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES, HTTP_STATUS, type AckError } from '../../shared/protocol';
import { toAckError } from '../errors';
import type { Logger } from '../logger';

export function sendError(res: Response, error: AckError): void {
  res.status(HTTP_STATUS[error.code]).json(error);
}

/** A thrown error as its typed answer; a rate limit also tells when to retry (Retry-After). */
export function sendFailure(res: Response, err: unknown): AckError {
  const error = toAckError(err);
  const retryAfter = (err as { retryAfterSec?: unknown } | null)?.retryAfterSec;
  if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
  sendError(res, error);
  return error;
}

/** Wraps a route: its value becomes `{ ok: true, data }`, its error a typed AckError. */
export const json =
  (log: Logger, handler: (req: Request, res: Response) => Promise<unknown>): RequestHandler =>
  (req, res) => {
    handler(req, res).then(
      (data) => {
        if (!res.headersSent) res.json({ ok: true, data });
      },
      (err: unknown) => {
        const error = sendFailure(res, err);
        if (error.code === ERROR_CODES.INTERNAL)
          log.error({ err, url: req.originalUrl }, 'route failed');
      },
    );
  };

/** Body-parser failures (bad JSON, too large) become typed errors instead of HTML pages. */
export function bodyErrors(log: Logger) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') {
      return sendError(res, {
        ok: false,
        code: ERROR_CODES.PAYLOAD_TOO_LARGE,
        message: 'Body too large',
      });
    }
    if (
      type === 'entity.parse.failed' ||
      type === 'encoding.unsupported' ||
      type === 'charset.unsupported'
    ) {
      return sendError(res, {
        ok: false,
        code: ERROR_CODES.VALIDATION,
        message: 'Body is not valid JSON',
      });
    }
    // Other client errors raised by express itself (a path with a malformed %-escape: 400).
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, {
        ok: false,
        code: status === 413 ? ERROR_CODES.PAYLOAD_TOO_LARGE : ERROR_CODES.VALIDATION,
        message: 'Bad request',
      });
    }
    log.error({ err }, 'unhandled HTTP error');
    sendError(res, { ok: false, code: ERROR_CODES.INTERNAL, message: 'Internal error' });
  };
}
