import { isLostConnection } from './db/lost-connection';
import type { ZodError } from 'zod';
import { describeError } from '@/lib/describe-error';

export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'internal_error'
  | 'unavailable';

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  quota_exceeded: 429,
  internal_error: 500,
  unavailable: 503,
};

/** `line`/`column`/`variable` point into a template when the field at fault is one. */
export type ErrorDetail = { path: string; message: string; line?: number; column?: number; variable?: string };

/** The one error type the API turns into DESIGN §3's envelope. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = statusByCode[code];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details.length ? { details: this.details } : {}),
      },
    };
  }

  toResponse(): Response {
    return Response.json(this.toJSON(), { status: this.status, headers: this.headers });
  }
}

export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(body)';
}

type Issue = ZodError['issues'][number];

/**
 * A union whose input had the type of exactly one member (the others failed with "expected
 * string, received object" at their root) reports that member's own issues, so `condition` given
 * as an object names `condition.conditions[1].path` instead of "Invalid input".
 */
function narrowUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || !issue.errors.length) return [issue];
  const typed = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
  if (typed.length !== 1) return [issue];
  return typed[0]!.flatMap((inner) => narrowUnion({ ...inner, path: [...issue.path, ...inner.path] } as Issue));
}

export function zodDetails(error: ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.flatMap(narrowUnion).flatMap((issue) =>
    // An unknown field is named by its own path, like any other bad field.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key], prefix), message: 'is not a known field' }))
      : [{ path: formatPath(issue.path, prefix), message: issue.message }],
  );
}

export function validationError(details: ErrorDetail[], message?: string): AppError {
  const summary = message ?? `Invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`;
  return new AppError('validation_failed', summary, details);
}

export function fromZod(error: ZodError, prefix = ''): AppError {
  return validationError(zodDetails(error, prefix));
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const conflict = (message: string) => new AppError('conflict', message);

/** Maps anything thrown to a response; unknown errors are logged and never shown. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return error.toResponse();
  // A restart or failover of the database: nothing was wrong with the request, and nothing half
  // written stays (each write is one transaction), so the client is told to send it again.
  if (isLostConnection(error)) {
    console.error('[api] the database is out of reach:', describeError(error).split('\n')[0]);
    return new AppError('unavailable', 'The database is out of reach for a moment (a restart or failover); send the request again shortly.', [], { 'retry-after': '2' }).toResponse();
  }
  console.error('[api] unexpected error:', describeError(error));
  return new AppError('internal_error', 'Something went wrong on our side; the error was logged.').toResponse();
}
