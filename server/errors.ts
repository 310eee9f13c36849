import { ZodError, z } from 'zod';
import {
  ERROR_CODES,
  FIELD_PROBLEMS,
  type AckError,
  type ErrorCode,
  type FieldIssue,
  type FieldProblem,
} from '../shared/protocol';

/** A refusal the client is meant to see; anything else is reported as INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** VALIDATION: the refused field, so the client can say which and why. */
    readonly issue?: FieldIssue,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const fail = (code: ErrorCode, message: string): never => {
  throw new AppError(code, message);
};

export function toAckError(err: unknown): AckError {
  if (err instanceof AppError) {
    return {
      ok: false,
      code: err.code,
      message: err.message,
      ...(err.issue ? { issue: err.issue } : {}),
    };
  }
  if (err instanceof ZodError) return validationError(err);
  return { ok: false, code: ERROR_CODES.INTERNAL, message: 'Internal error' };
}

/** Validate at the boundary: a failed parse becomes a VALIDATION error naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const error = validationError(result.error);
    throw new AppError(ERROR_CODES.VALIDATION, error.message, error.issue);
  }
  return result.data;
}

function validationError(error: ZodError): AckError {
  const issue = fieldIssue(error);
  return {
    ok: false,
    code: ERROR_CODES.VALIDATION,
    message: z.prettifyError(error),
    ...(issue ? { issue } : {}),
  };
}

const isProblem = (value: unknown): value is FieldProblem =>
  FIELD_PROBLEMS.some((p) => p === value);

/** The first zod issue as a field and a problem the client has words for (issue 10). */
export function fieldIssue(error: ZodError): FieldIssue | undefined {
  const issue = error.issues[0];
  if (!issue) return undefined;
  const named = [...issue.path].reverse().find((p): p is string => typeof p === 'string');
  switch (issue.code) {
    case 'too_small': {
      if (!named) return undefined;
      const limit = Number(issue.minimum);
      const problem: FieldProblem =
        issue.origin === 'string'
          ? limit <= 1
            ? 'required'
            : 'tooShort'
          : issue.origin === 'array' || issue.origin === 'set'
            ? 'tooFew'
            : 'outOfRange';
      return { field: named, problem, limit };
    }
    case 'too_big': {
      if (!named) return undefined;
      const limit = Number(issue.maximum);
      const problem: FieldProblem =
        issue.origin === 'string'
          ? 'tooLong'
          : issue.origin === 'array' || issue.origin === 'set'
            ? 'tooMany'
            : 'outOfRange';
      return { field: named, problem, limit };
    }
    case 'unrecognized_keys':
      return issue.keys[0] ? { field: issue.keys[0], problem: 'unknown' } : undefined;
    case 'invalid_type':
      if (!named) return undefined;
      return { field: named, problem: /undefined/.test(issue.message) ? 'required' : 'invalid' };
    case 'custom': {
      if (!named) return undefined;
      const problem: unknown = issue.params?.problem;
      return { field: named, problem: isProblem(problem) ? problem : 'invalid' };
    }
    default:
      return named ? { field: named, problem: 'invalid' } : undefined;
  }
}
