import { ZodError, z } from 'zod';
import { ERROR_CODES, type AckError, type ErrorCode } from '../shared/protocol';

/** A refusal the client is meant to see; anything else is reported as INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const fail = (code: ErrorCode, message: string): never => {
  throw new AppError(code, message);
};

export function toAckError(err: unknown): AckError {
  if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
  if (err instanceof ZodError) {
    return { ok: false, code: ERROR_CODES.VALIDATION, message: z.prettifyError(err) };
  }
  return { ok: false, code: ERROR_CODES.INTERNAL, message: 'Internal error' };
}

/** Validate at the boundary: a failed parse becomes a VALIDATION error naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError(ERROR_CODES.VALIDATION, z.prettifyError(result.error));
  return result.data;
}
